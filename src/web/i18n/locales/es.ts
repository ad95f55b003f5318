/**
 * Spanish translation of every twofold message, addressing the reader as
 * "tú" as Spanish-language websites usually do. One term per concept:
 * código, dispositivo, código de respaldo, aplicación de autenticación,
 * autenticación de dos factores, recordar este navegador, iniciar/cerrar sesión.
 */
import type { MessageText } from '../text.js';

/** The Spanish catalog, keyed by the English message ids. */
export const es: Readonly<Record<string, MessageText>> = {
  // Sign-in pages (src/web/messages.ts)
  'page.login.title': 'Iniciar sesión',
  'page.loginToken.title': 'Introduce tu código',
  'page.token.title': 'Confirma que eres tú',
  'page.logout.title': 'Cerrar sesión',
  'page.error.title': 'Algo ha salido mal',
  'page.forbidden.title': 'Solicitud rechazada',

  'field.username': 'Nombre de usuario',
  'field.password': 'Contraseña',
  'field.device': 'Dispositivo',
  'field.token': 'Código',
  'field.token.hint': 'El código que muestra tu aplicación de autenticación, un código que te hemos enviado o uno de tus códigos de respaldo.',

  'action.signIn': 'Iniciar sesión',
  'action.verify': 'Verificar',
  'action.sendCode': 'Enviarme un código',
  'action.otherAccount': 'Usar otra cuenta',
  'action.signOut': 'Cerrar sesión',
  'action.backToSignIn': 'Volver al inicio de sesión',

  'errors.heading': 'Hay un problema',

  'login.signingInAs': 'Vas a iniciar sesión como {username}.',
  'login.passwordAccepted': 'Tu contraseña es correcta. Ahora introduce el código de uno de tus dispositivos.',
  'token.signedInAs': 'Has iniciado sesión como {username}.',
  'token.intro': 'Esta página requiere un segundo paso: introduce un código de uno de tus dispositivos.',
  'token.noDevices':
    'Esta página requiere autenticación de dos factores, pero tu cuenta aún no tiene ningún dispositivo configurado. Pide a un administrador que añada uno.',
  'logout.confirm': '¿Quieres cerrar sesión en este dispositivo?',

  'error.credentialsRequired': 'Introduce tu nombre de usuario y tu contraseña.',
  'error.badCredentials':
    'El nombre de usuario o la contraseña no son correctos. Revisa ambos (se distinguen mayúsculas y minúsculas) y vuelve a intentarlo.',
  'error.pendingExpired': 'El inicio de sesión ha tardado demasiado y se ha cancelado. Vuelve a introducir tu nombre de usuario y tu contraseña.',
  'error.tokenRequired': 'Introduce el código de tu dispositivo.',
  'error.invalidToken': 'No se ha aceptado ese código. Revísalo y vuelve a intentarlo.',
  'error.throttled': {
    one: 'La verificación está en pausa tras {count} intento fallido. Puedes volver a intentarlo {relative} ({time}).',
    many: 'La verificación está en pausa tras {count} intentos fallidos. Puedes volver a intentarlo {relative} ({time}).',
    other: 'La verificación está en pausa tras {count} intentos fallidos. Puedes volver a intentarlo {relative} ({time}).',
  },
  'error.notInteractive': 'Este dispositivo no envía códigos: introduce el código que te muestra.',
  'error.cooldown': 'Se acaba de enviar un código. Podrás pedir uno nuevo {relative} ({time}).',
  'error.challengeFailed': 'No hemos podido enviarte un código en este momento. Espera un poco y vuelve a intentarlo.',
  'error.deviceUnusable': 'Este dispositivo no se puede usar en este momento. Elige otro o pide ayuda a un administrador.',
  'error.csrf': 'Este formulario ha caducado o se ha enviado desde otro sitio. Vuelve atrás, recarga la página e inténtalo de nuevo.',
  'error.badRequest': 'No se ha podido leer el formulario. Recarga la página e inténtalo de nuevo.',
  'error.tooLarge': 'El formulario es demasiado grande.',
  'error.cookiesRequired': 'Para iniciar sesión hacen falta cookies, y este navegador no nos ha devuelto la nuestra. Permite las cookies para este sitio, recarga la página e inténtalo de nuevo.',
  'verification.expired.idle.minutes': {
    one: 'Tu verificación ha caducado tras {count} minuto de inactividad. Vuelve a introducir un código para continuar.',
    many: 'Tu verificación ha caducado tras {count} minutos de inactividad. Vuelve a introducir un código para continuar.',
    other: 'Tu verificación ha caducado tras {count} minutos de inactividad. Vuelve a introducir un código para continuar.',
  },
  'verification.expired.idle.hours': {
    one: 'Tu verificación ha caducado tras {count} hora de inactividad. Vuelve a introducir un código para continuar.',
    many: 'Tu verificación ha caducado tras {count} horas de inactividad. Vuelve a introducir un código para continuar.',
    other: 'Tu verificación ha caducado tras {count} horas de inactividad. Vuelve a introducir un código para continuar.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Tu verificación ha caducado: un código vale durante {count} minuto. Vuelve a introducir un código para continuar.',
    many: 'Tu verificación ha caducado: un código vale durante {count} minutos. Vuelve a introducir un código para continuar.',
    other: 'Tu verificación ha caducado: un código vale durante {count} minutos. Vuelve a introducir un código para continuar.',
  },
  'verification.expired.absolute.hours': {
    one: 'Tu verificación ha caducado: un código vale durante {count} hora. Vuelve a introducir un código para continuar.',
    many: 'Tu verificación ha caducado: un código vale durante {count} horas. Vuelve a introducir un código para continuar.',
    other: 'Tu verificación ha caducado: un código vale durante {count} horas. Vuelve a introducir un código para continuar.',
  },

  // Account pages (src/flows/account/messages.ts)
  'account.profile.title': 'Autenticación de dos factores',
  'account.profile.on': 'La autenticación de dos factores está activada: al iniciar sesión se te pedirá un código además de tu contraseña.',
  'account.profile.off':
    'La autenticación de dos factores está desactivada. Actívala para que una contraseña robada no baste para entrar en tu cuenta.',
  'account.profile.primary': 'Al iniciar sesión se te pedirá primero un código de {name}.',
  'account.profile.devicesHeading': 'Tus dispositivos',
  'account.profile.deviceAdded': 'Añadido el {date}',
  'account.profile.deviceLastUsed': 'Último uso: {date}',
  'account.profile.deviceNeverUsed': 'Aún no se ha usado',
  'account.profile.primaryBadge': 'Principal',
  'account.profile.backupHeading': 'Códigos de respaldo',
  'account.profile.backupRemaining': {
    one: 'Te queda {count} código de respaldo sin usar.',
    many: 'Te quedan {count} códigos de respaldo sin usar.',
    other: 'Te quedan {count} códigos de respaldo sin usar.',
  },
  'account.profile.backupNone':
    'No te queda ningún código de respaldo sin usar. Sin ellos, si pierdes el teléfono podrías quedarte sin acceso a tu cuenta.',
  'account.profile.rememberedHeading': 'Navegadores recordados',
  'account.profile.rememberedIntro':
    'Estos navegadores no piden el código al iniciar sesión hasta que caduquen. Olvida los que ya no uses.',
  'account.profile.rememberedNone': 'No hay ningún navegador recordado.',
  'account.profile.rememberedEntry': 'Recordado el {date} con {device}',
  'account.profile.rememberedUntil': 'Hasta el {date}',
  'account.profile.turnOffHeading': 'Desactivar',

  'account.kind.totp': 'Aplicación de autenticación',
  'account.kind.hotp': 'Token físico',
  'account.kind.backup-codes': 'Códigos de respaldo',
  'account.kind.email': 'Correo electrónico',
  'account.kind.phone': 'Teléfono',
  'account.kind.other': 'Dispositivo de tipo {kind}',
  'account.method.totp.hint':
    'Una aplicación en tu teléfono, como Google Authenticator, Microsoft Authenticator, Aegis o 1Password, muestra un código nuevo cada 30 segundos.',
  'account.method.hotp.hint': 'Un token o una aplicación que muestra un código nuevo cada vez que pulsas su botón.',
  'account.method.other.hint': 'Un dispositivo que muestra códigos una vez que le das una clave.',
  'account.defaultName.numbered': '{name} {number}',

  'account.setup.title': 'Configurar la autenticación de dos factores',
  'account.setup.addTitle': 'Añadir otro dispositivo',
  'account.setup.welcome':
    'La autenticación de dos factores protege tu cuenta: además de tu contraseña, al iniciar sesión se te pedirá un código que solo tu teléfono puede mostrar.',
  'account.setup.welcomeAnother': 'Vas a añadir otro dispositivo. Podrás iniciar sesión con cualquiera de ellos.',
  'account.setup.methodLegend': '¿Cómo quieres recibir tus códigos?',
  'account.setup.noMethod': 'Este sitio no ofrece ninguna forma de configurar la autenticación de dos factores. Consulta a un administrador.',
  'account.setup.scan': 'Escanea este código QR con la aplicación.',
  'account.setup.qrAlt': 'Código QR con la clave para tu aplicación de autenticación',
  'account.setup.manual': '¿No puedes escanearlo? Escribe esta clave en la aplicación como clave basada en tiempo:',
  'account.setup.manualCounter': '¿No puedes escanearlo? Escribe esta clave en la aplicación como clave basada en contador:',
  'account.setup.keyLabel': 'Clave',
  'account.setup.confirmIntro': 'Después introduce el código que muestra la aplicación para comprobar que funciona.',
  'account.setup.expiresAt': 'Esta clave caduca {relative} ({time}) si no terminas.',
  'account.setupDone.title': 'La autenticación de dos factores está activada',
  'account.setupDone.text': 'A partir de ahora, al iniciar sesión se te pedirá un código de {name} después de tu contraseña.',
  'account.setupDone.textAdded': '{name} está listo. Al iniciar sesión se seguirá pidiendo primero {primary}; {name} aparece entre las otras formas de confirmar que es usted, y puede convertirlo en su dispositivo principal desde su perfil.',
  'account.setupDone.backupCodes':
    'Si pierdes el teléfono, los códigos de respaldo te permiten volver a entrar en tu cuenta. Genéralos ahora y guárdalos en un lugar seguro.',
  'account.setupDone.hasBackupCodes': {
    one: 'Aún te queda {count} código de respaldo sin usar.',
    many: 'Aún te quedan {count} códigos de respaldo sin usar.',
    other: 'Aún te quedan {count} códigos de respaldo sin usar.',
  },

  'account.rename.title': 'Cambiar el nombre de un dispositivo',
  'account.rename.current': 'Ahora se llama {name}.',
  'account.remove.title': 'Quitar un dispositivo',
  'account.remove.confirm': '¿Quitar {name}? Sus códigos dejarán de funcionar de inmediato.',
  'account.remove.primaryNote': '{name} es tu dispositivo principal: {next} ocupará su lugar.',
  'account.backupCodes.title': 'Códigos de respaldo',
  'account.backupCodes.intro': 'Cada código de respaldo te permite iniciar sesión una vez, para cuando no tengas a mano tu dispositivo habitual.',
  'account.backupCodes.regenerateWarning': 'Si generas un conjunto nuevo, todos tus códigos actuales dejarán de funcionar.',
  'account.backupCodes.issuedTitle': 'Tus nuevos códigos de respaldo',
  'account.backupCodes.issuedIntro':
    'Guarda estos códigos ahora: imprímelos o guárdalos en un gestor de contraseñas. Es la única vez que se muestran.',
  'account.backupCodes.issuedOld': 'Los códigos de respaldo que tenías antes ya no funcionan.',
  'account.backupCodes.listLabel': 'Tus códigos de respaldo',
  'account.backupCodes.fileHeader': 'Códigos de respaldo de {account}',
  'account.backupCodes.fileIntro': 'Cada código funciona una sola vez. Generados el {date}.',
  'account.disable.title': 'Desactivar la autenticación de dos factores',
  'account.disable.warning':
    'Sin un segundo paso, cualquiera que conozca tu contraseña podrá iniciar sesión como tú. Se quitarán todos tus dispositivos, códigos de respaldo y navegadores recordados.',
  'account.reauth.title': 'Confirma que eres tú',
  'account.reauth.intro': 'Antes de cambiar cómo se protege tu cuenta, introduce un código de uno de tus dispositivos.',

  'account.field.method': 'Método',
  'account.field.name': 'Nombre del dispositivo',
  'account.field.name.hint': 'Para que puedas distinguir tus dispositivos, por ejemplo «Teléfono del trabajo».',
  'account.field.setupCode': 'Código de la aplicación',
  'account.field.setupCode.hint': 'El número que muestra la aplicación para esta nueva entrada, sin espacios.',
  'account.field.understand': 'Sí, lo confirmo',

  'account.action.begin': 'Continuar',
  'account.action.confirmSetup': 'Confirmar y activar',
  'account.action.confirmAdd': 'Confirmar y añadir el dispositivo',
  'account.action.cancelSetup': 'Cancelar',
  'account.action.setUp': 'Configurar la autenticación de dos factores',
  'account.action.addDevice': 'Añadir otro dispositivo',
  'account.action.rename': 'Cambiar nombre',
  'account.action.remove': 'Quitar',
  'account.action.makePrimary': 'Hacer principal',
  'account.action.save': 'Guardar',
  'account.action.backupCodes': 'Gestionar los códigos de respaldo',
  'account.action.generateCodes': 'Generar nuevos códigos de respaldo',
  'account.action.generateFirstCodes': 'Generar códigos de respaldo',
  'account.action.download': 'Descargar como archivo de texto',
  'account.action.savedCodes': 'Ya he guardado mis códigos',
  'account.action.disable': 'Desactivar la autenticación de dos factores',
  'account.action.forgetBrowser': 'Olvidar',
  'account.action.backToProfile': 'Volver a la configuración de dos factores',
  'account.action.continue': 'Continuar',
  'account.action.later': 'Ahora no',

  'account.notice.renamed': 'Ahora el dispositivo se llama {name}.',
  'account.notice.removed': 'Se ha quitado {name}.',
  'account.notice.primary': '{name} es ahora tu dispositivo principal.',
  'account.notice.disabled': 'Se ha desactivado la autenticación de dos factores. Se han quitado tus dispositivos y códigos de respaldo.',
  'account.notice.deviceAdded': 'Se ha añadido {name}.',
  'account.notice.browserForgotten': 'Se ha olvidado ese navegador: pedirá un código la próxima vez que inicies sesión.',

  'account.error.nameRequired': 'Ponle un nombre al dispositivo.',
  'account.error.nameTooLong': 'El nombre puede tener como máximo {max} caracteres.',
  'account.error.nameInvalid': 'El nombre no puede contener saltos de línea ni otros caracteres de control.',
  'account.error.methodRequired': 'Elige cómo quieres recibir tus códigos.',
  'account.error.setupExpired': 'La configuración ha tardado demasiado y se ha cancelado. Empieza de nuevo: recibirás una clave nueva.',
  'account.error.setupMissing': 'No hay ninguna configuración en curso en este navegador. Empieza de nuevo.',
  'account.error.setupCodeRequired': 'Introduce el código que muestra la aplicación.',
  'account.error.setupCodeInvalid':
    'Ese código no corresponde a la clave nueva. Comprueba que estás mirando la nueva entrada de la aplicación e introduce su código actual.',
  'account.error.setupThrottled': {
    one: 'Llevas {count} código incorrecto. Puedes volver a intentarlo {relative} ({time}).',
    many: 'Llevas {count} códigos incorrectos seguidos. Puedes volver a intentarlo {relative} ({time}).',
    other: 'Llevas {count} códigos incorrectos seguidos. Puedes volver a intentarlo {relative} ({time}).',
  },
  'account.error.understandRequired': 'Marca «Sí, lo confirmo» para desactivar la autenticación de dos factores. No se ha cambiado nada.',
  'account.error.lastDevice':
    'Este es tu único dispositivo, así que no puedes quitarlo sin más. Añade antes otro dispositivo o desactiva la autenticación de dos factores.',
  'account.error.deviceNotFound': 'Ese dispositivo no es tuyo o se ha quitado.',
  'account.error.notEnabled': 'La autenticación de dos factores está desactivada en tu cuenta, así que aquí no hay nada que cambiar.',
  'account.api.loginRequired': 'Primero inicia sesión.',
  'account.api.otpRequired': 'Primero introduce un código de uno de tus dispositivos.',
  'account.api.reauthenticationRequired':
    'Este cambio requiere un código introducido en los últimos minutos. Vuelve a introducir un código de uno de tus dispositivos.',
  'account.api.confirmationRequired': 'Envía "confirm": true para desactivar la autenticación de dos factores. No se ha cambiado nada.',
  'account.error.downloadExpired':
    'Los códigos de respaldo solo se pueden descargar en el navegador que los generó, justo después de generarlos. Genera un conjunto nuevo para descargarlo.',

  // Sign-in flows (src/flows/login/messages.ts)
  'login.token.instruction': 'Introduce el código que muestra {device}.',
  'login.token.instructionSent': 'Pide que se envíe un código a {device} y luego introdúcelo aquí.',
  'login.remember.days': {
    one: 'Recordar este navegador durante {count} día',
    many: 'Recordar este navegador durante {count} días',
    other: 'Recordar este navegador durante {count} días',
  },
  'login.remember.hours': {
    one: 'Recordar este navegador durante {count} hora',
    many: 'Recordar este navegador durante {count} horas',
    other: 'Recordar este navegador durante {count} horas',
  },
  'login.remember.minutes': {
    one: 'Recordar este navegador durante {count} minuto',
    many: 'Recordar este navegador durante {count} minutos',
    other: 'Recordar este navegador durante {count} minutos',
  },
  'login.remember.hint':
    'Hazlo solo en un dispositivo que nadie más use. Así, al iniciar sesión aquí solo se te pedirá la contraseña. Puedes olvidar este navegador más tarde en la configuración de tu cuenta.',
  'login.otherMethods.heading': 'Otras formas de confirmar que eres tú',
  'login.otherMethods.use': 'Usar {device}',
  'login.otherMethods.send': 'Enviar un código a {device}',
  'login.otherMethods.backup': 'Usar un código de respaldo',

  'login.backup.title': 'Usar un código de respaldo',
  'login.backup.intro':
    'Introduce uno de los códigos de respaldo que guardaste al configurar la autenticación de dos factores. Cada código funciona una sola vez.',
  'login.backup.field': 'Código de respaldo',
  'login.backup.hint': 'Letras y cifras, tal como aparecen impresas. Los espacios y guiones no importan.',
  'login.backup.back': 'Usar uno de tus dispositivos',

  'login.verify.noDevicesSetUp':
    'Esta página requiere autenticación de dos factores, pero tu cuenta aún no tiene ningún dispositivo configurado. Configurar uno solo lleva un minuto.',
  'login.action.setUp': 'Configurar la autenticación de dos factores',
  'login.setupRequired': 'Tu cuenta debe usar la autenticación de dos factores. Configúrala para continuar.',

  'login.error.deviceNotAvailable': 'Ese dispositivo no se puede usar aquí. Elige uno de tus propios dispositivos.',
  'login.error.sendLimit': 'Se han enviado demasiados códigos últimamente. Podrás pedir uno nuevo {relative} ({time}).',
  'login.error.noLoginInProgress': 'No hay ningún inicio de sesión en curso. Empieza con tu nombre de usuario y tu contraseña.',

  // Sign-in with codes sent by text message, voice call or e-mail (issue 5): where the code went, resending.
  'delivery.sent.sms': 'Te hemos enviado un SMS con un código al {destination}.',
  'delivery.sent.call': 'Te estamos llamando al {destination}: una voz te leerá un código.',
  'delivery.sent.email': 'Te hemos enviado un correo electrónico con un código a {destination}.',
  'delivery.sent.other': 'Te hemos enviado un código a {destination}.',
  'delivery.sent.generic': 'Te hemos enviado un código.',
  'delivery.enter.sms': 'Introduce el código del SMS que te enviamos al {destination}.',
  'delivery.enter.call': 'Introduce el código que te leyó la voz cuando llamamos al {destination}.',
  'delivery.enter.email': 'Introduce el código del correo que te enviamos a {destination}.',
  'delivery.enter.other': 'Introduce el código que te enviamos a {destination}.',
  'delivery.enter.generic': 'Introduce el código que te enviamos.',
  'delivery.ask.sms': 'Pide un SMS con un código al {destination} y luego introduce el código aquí.',
  'delivery.ask.call': 'Pide una llamada al {destination}: una voz te leerá un código para introducirlo aquí.',
  'delivery.ask.email': 'Pide un correo con un código a {destination} y luego introduce el código aquí.',
  'delivery.ask.other': 'Pide que se envíe un código a {destination} y luego introdúcelo aquí.',
  'login.token.resend': 'Enviar un código nuevo',
  'login.token.nextCodeAt': 'Podrás pedir un código nuevo {relative} ({time}).',

  'api.error.unsupportedMediaType': 'Envía el cuerpo de la solicitud como JSON, con Content-Type: application/json.',
  'api.error.badRequest': 'No se ha podido leer el cuerpo de la solicitud: debe ser un objeto JSON con los campos documentados.',
  'api.error.tooLarge': 'El cuerpo de la solicitud es demasiado grande.',
  'api.error.csrf':
    'Se ha rechazado la solicitud: falta la cabecera X-CSRF-Token o está caducada, o la solicitud procede de otro sitio. Obtén un token nuevo en el endpoint de sesión.',

  // Staff admin (src/flows/admin/messages.ts)
  'admin.title': 'Dispositivos de dos factores',
  'admin.userTitle': 'Dispositivos de {user}',
  'admin.deleteTitle': 'Eliminar un dispositivo',
  'admin.codesTitle': 'Nuevos códigos de respaldo',
  'admin.forbiddenTitle': 'Solo para el personal',
  'admin.notFoundTitle': 'No encontrado',
  'admin.errorTitle': 'Algo ha salido mal',

  'admin.nav.home': 'Todos los dispositivos',
  'admin.nav.signedInAs': 'Sesión iniciada como {username}',
  'admin.nav.signOut': 'Cerrar sesión',
  'admin.forbidden.switch': 'Cerrar sesión para iniciarla con una cuenta del personal',

  'admin.search.label': 'El ID de usuario contiene',
  'admin.search.hint': 'Déjalo vacío para ver todos los usuarios que tienen un dispositivo.',
  'admin.search.submit': 'Buscar',
  'admin.search.results': '{devices} de {users}',
  'admin.search.devices': { one: '{count} dispositivo', many: '{count} dispositivos', other: '{count} dispositivos' },
  'admin.search.users': { one: '{count} usuario', many: '{count} usuarios', other: '{count} usuarios' },
  'admin.search.none': 'Ningún dispositivo coincide.',
  'admin.search.noneFor': 'Ningún dispositivo pertenece a un usuario cuyo ID contenga «{query}».',
  'admin.search.truncated': 'Solo se muestran los primeros {count} dispositivos: acota la búsqueda.',
  'admin.search.usersWithoutDevices': 'Usuarios sin dispositivo',

  'admin.column.user': 'Usuario',
  'admin.column.device': 'Dispositivo',
  'admin.column.kind': 'Tipo',
  'admin.column.status': 'Estado',
  'admin.column.lastUsed': 'Último uso',

  'admin.status.confirmed': 'Activo',
  'admin.status.unconfirmed': 'Pendiente de confirmación',
  'admin.status.locked': 'En pausa hasta el {time}',
  'admin.status.failures': {
    one: '{count} intento fallido',
    many: '{count} intentos fallidos',
    other: '{count} intentos fallidos',
  },
  'admin.never': 'nunca',

  'admin.create.heading': 'Añadir un autenticador',
  'admin.create.intro':
    'El nuevo dispositivo permanece inactivo hasta que se introduce un código suyo bajo su código QR, para que una clave mal escrita no pueda dejar a nadie sin acceso.',
  'admin.create.user': 'ID de usuario',
  'admin.create.kind': 'Tipo',
  'admin.create.name': 'Nombre del dispositivo',
  'admin.create.nameHint': 'Se muestra al usuario cuando elige un dispositivo, p. ej., «Teléfono».',
  'admin.create.submit': 'Añadir dispositivo',
  'admin.kind.totp': 'Aplicación de autenticación, basada en tiempo (TOTP)',
  'admin.kind.hotp': 'Token basado en contador (HOTP)',
  'admin.kind.backup-codes': 'Códigos de respaldo',
  'admin.noDevices': 'Este usuario aún no tiene ningún dispositivo de dos factores.',

  'admin.detail.user': 'Usuario',
  'admin.detail.kind': 'Tipo',
  'admin.detail.status': 'Estado',
  'admin.detail.created': 'Creado',
  'admin.detail.lastUsed': 'Último uso',
  'admin.detail.failures': 'Intentos fallidos',
  'admin.detail.codesLeft': 'Códigos restantes',
  'admin.detail.settings': 'Ajustes',
  'admin.detail.settingsTotp': '{digits} dígitos, un código nuevo cada {step} segundos, {algorithm}',
  'admin.detail.settingsHotp': '{digits} dígitos, siguiente contador {counter}, {algorithm}',

  'admin.setup.heading': 'Configurar el autenticador',
  'admin.setup.scan': 'Escanea este código QR con la aplicación de autenticación o escribe la clave a mano.',
  'admin.setup.qrAlt': 'Código QR para configurar el dispositivo {name}',
  'admin.setup.key': 'Clave',
  'admin.setup.keyHint': 'Los espacios solo facilitan la lectura; las aplicaciones aceptan la clave con o sin ellos.',
  'admin.setup.unavailable':
    'No se puede mostrar la clave de este dispositivo (su tipo no tiene URI de aprovisionamiento o el nombre de la cuenta no es válido).',
  'admin.setup.confirmedWarning':
    'Este dispositivo ya está activo: su clave se muestra solo porque este sitio activa showSecretsOfConfirmedDevices. Cualquiera que la vea puede generar códigos.',
  'admin.setup.hidden':
    'La clave de un dispositivo activo no se vuelve a mostrar. Para pasar al usuario a un teléfono nuevo, añade un dispositivo nuevo y elimina este.',
  'admin.confirm.heading': 'Confirmar el dispositivo',
  'admin.confirm.intro': 'Introduce el código que muestra ahora la aplicación. El dispositivo se activa en cuanto se acepta un código.',
  'admin.confirm.token': 'Código de la aplicación',
  'admin.confirm.submit': 'Confirmar',

  'admin.rename.heading': 'Cambiar el nombre',
  'admin.rename.label': 'Nuevo nombre',
  'admin.rename.submit': 'Cambiar nombre',
  'admin.throttle.heading': 'Limitación de intentos',
  'admin.throttle.intro':
    'Los intentos fallidos hacen que el dispositivo espere cada vez más entre un intento y otro. Restablécelo solo cuando sepas quién los hizo.',
  'admin.throttle.submit': 'Restablecer la limitación de intentos',
  'admin.throttle.none': 'No hay intentos fallidos desde el último código correcto.',

  'admin.codes.heading': 'Códigos de respaldo',
  'admin.codes.intro':
    'Códigos de un solo uso para cuando no se tiene a mano el dispositivo habitual. Se guardan en forma de hash y se muestran una sola vez, al crearlos.',
  'admin.codes.count': {
    one: 'Queda {count} código.',
    many: 'Quedan {count} códigos.',
    other: 'Quedan {count} códigos.',
  },
  'admin.codes.noneYet': 'Aún no hay códigos de respaldo.',
  'admin.codes.add': 'Añadir un código',
  'admin.codes.regenerate': 'Sustituir todos los códigos por un conjunto nuevo',
  'admin.codes.regenerateHint': 'Todos los códigos de respaldo anteriores de este usuario dejarán de funcionar.',
  'admin.codes.shownOnce':
    'Entrega ahora estos códigos a {user} por un canal seguro. No se guardan de forma legible y no se volverán a mostrar. Cada uno funciona una sola vez.',
  'admin.codes.added': 'Se ha añadido un código de respaldo para {user}. No se guarda de forma legible y no se volverá a mostrar.',
  'admin.codes.back': 'Hecho, volver al usuario',

  'admin.delete.link': 'Eliminar este dispositivo…',
  'admin.delete.question': '¿Eliminar el dispositivo «{name}» de {user}?',
  'admin.delete.consequence':
    'Sus códigos dejan de funcionar de inmediato en todas partes. Si era el único dispositivo del usuario, podrá iniciar sesión solo con su contraseña hasta que se añada uno nuevo.',
  'admin.delete.submit': 'Eliminar',
  'admin.delete.cancel': 'Cancelar',

  'admin.notice.created': 'Se ha añadido el dispositivo «{name}» para {user}. Se activará cuando se confirme con un código.',
  'admin.notice.confirmed': 'El dispositivo «{name}» está confirmado y activo. Su clave no se volverá a mostrar.',
  'admin.notice.renamed': 'El dispositivo ahora se llama «{name}».',
  'admin.notice.throttleReset': 'Se ha restablecido la limitación de intentos de «{name}».',
  'admin.notice.deleted': 'Se ha eliminado el dispositivo «{name}» de {user}.',

  'admin.error.heading': 'Hay un problema',
  'admin.error.forbidden': 'Esta sección es solo para el personal. Has iniciado sesión como {username}, que no es una cuenta del personal.',
  'admin.error.notFound': 'No existe ese dispositivo o esa página. Puede que se haya eliminado.',
  'admin.error.secretHidden': 'La clave de un dispositivo activo no se muestra.',
  'admin.error.csrf': 'Este formulario ha caducado o se ha enviado desde otro sitio. Vuelve atrás, recarga la página e inténtalo de nuevo.',
  'admin.error.badRequest': 'No se ha podido leer el formulario. Recarga la página e inténtalo de nuevo.',
  'admin.error.tooLarge': 'El formulario es demasiado grande.',
  'admin.error.methodNotAllowed': 'Esta dirección no acepta ese tipo de solicitud.',
  'admin.error.userRequired': 'Introduce el ID del usuario.',
  'admin.error.unknownUser': 'No hay ningún usuario con el ID «{user}».',
  'admin.error.badKind': 'Elige uno de los tipos ofrecidos.',
  'admin.error.badName': 'El nombre del dispositivo debe tener entre 1 y 64 caracteres, sin saltos de línea.',
  'admin.error.tokenRequired': 'Introduce el código que muestra la aplicación.',
  'admin.error.invalidToken':
    'No se ha aceptado ese código. Comprueba que la aplicación muestra este dispositivo y que el reloj del teléfono está en hora.',
  'admin.error.throttled': {
    one: 'La verificación está en pausa tras {count} intento fallido. Vuelve a intentarlo {relative} ({time}) o restablece la limitación de intentos más abajo.',
    many: 'La verificación está en pausa tras {count} intentos fallidos. Vuelve a intentarlo {relative} ({time}) o restablece la limitación de intentos más abajo.',
    other:
      'La verificación está en pausa tras {count} intentos fallidos. Vuelve a intentarlo {relative} ({time}) o restablece la limitación de intentos más abajo.',
  },
  'admin.error.alreadyConfirmed': 'Este dispositivo ya está confirmado.',
  'admin.error.deviceUnusable':
    'No se puede leer este dispositivo (datos dañados o falta una clave de cifrado). Elimínalo y añade uno nuevo.',
  'admin.error.tooManyCodes': 'Este usuario ya tiene el máximo de códigos de respaldo permitido. Sustitúyelos por un conjunto nuevo.',
  'admin.error.noBackupCodes': 'Los códigos de respaldo no están habilitados en este sitio.',
  'admin.error.internal': 'La solicitud ha fallado. No se ha mostrado nada que deba permanecer en secreto; el registro del servidor tiene los detalles.',

  // Account: codes by text message, voice call and e-mail (setup, backup phone numbers)
  'account.method.sms': 'SMS',
  'account.method.call': 'Llamada de voz',
  'account.method.email': 'Correo electrónico',
  'account.method.sms.hint':
    'Te enviamos un código por SMS cada vez que inicias sesión. Es práctico, pero alguien puede hacerse con un número de teléfono, así que una aplicación es más segura.',
  'account.method.call.hint': 'Te llamamos y una voz te lee el código. También funciona con un teléfono fijo.',
  'account.method.email.hint':
    'Te enviamos un código por correo electrónico cada vez que inicias sesión. Quien pueda leer tu buzón también puede leer el código, así que es mejor tenerlo como vía de reserva.',
  'account.kind.phone.deviceName': 'Teléfono acabado en {digits}',
  'account.kind.email.deviceName': 'Correo {address}',
  'account.destination.sms': 'SMS al {destination}',
  'account.destination.call': 'Llamada al {destination}',
  'account.destination.email': 'Correo a {destination}',
  'account.kind.phone.title': 'Añadir un teléfono de respaldo',
  'account.kind.email.title': 'Añadir un correo electrónico para los códigos',
  'account.kind.phone.intro':
    'Escribe el número de teléfono que recibirá tus códigos. Le enviaremos un código ahora mismo para comprobar que te llega.',
  'account.kind.email.intro':
    'Escribe la dirección de correo electrónico que recibirá tus códigos. Le enviaremos un código ahora mismo para comprobar que te llega.',
  'account.setup.channelLegend': '¿Cómo debe llegar el código a este número?',
  'account.setup.codeSetupExpiresAt': 'Si no terminas, esta configuración se cancelará {relative} ({time}).',
  'account.setup.nextCodeAt': '¿No te ha llegado nada? Podrás pedir un código nuevo {relative} ({time}).',
  'account.setup.noCode': '¿No te ha llegado nada? Pide un código nuevo.',
  'account.kind.phone.field': 'Número de teléfono',
  'account.kind.phone.fieldHint': 'Empieza por + y el prefijo del país si el número es del extranjero, por ejemplo +34 612 34 56 78.',
  'account.kind.email.field': 'Correo electrónico',
  'account.kind.email.fieldHint': 'Por ejemplo nombre@ejemplo.es.',
  'account.field.sentCode': 'Código',
  'account.field.sentCode.hint': 'Los dígitos del mensaje que te enviamos. Los espacios no importan.',
  'account.method.call.codeHint': 'Los dígitos que te leyó la voz.',
  'account.action.sendFirstCode': 'Envíame un código',
  'account.action.resendCode': 'Enviar un código nuevo',
  'account.kind.phone.change': 'Usar otro número',
  'account.kind.email.change': 'Usar otra dirección',
  'account.action.addPhone': 'Añadir un teléfono de respaldo',
  'account.profile.phonesHeading': 'Teléfonos de respaldo',
  'account.profile.phonesIntro': 'Si no tienes a mano tu dispositivo habitual, puedes pedir que te envíen un código a uno de estos números.',
  'account.profile.phonesNone': 'No tienes ningún teléfono de respaldo.',
  'account.kind.phone.problem.empty': 'Escribe un número de teléfono.',
  'account.kind.phone.problem.invalid': 'Ese número de teléfono no nos sirve. Revisa los dígitos y quita letras y extensiones.',
  'account.kind.phone.problem.missing-country-code': 'Empieza el número por + y el prefijo del país, por ejemplo +34 612 34 56 78.',
  'account.kind.phone.problem.region-not-allowed': 'No podemos enviar códigos a números de ese país. Usa un número de otro país.',
  'account.kind.phone.problem.number-type-refused':
    'Ese número no puede recibir códigos: no se aceptan números de tarificación adicional ni de coste compartido. Usa un móvil o un fijo normal.',
  'account.kind.phone.taken': 'Este número ya recibe códigos de esa forma: es uno de tus dispositivos.',
  'account.kind.email.problem.empty': 'Escribe una dirección de correo electrónico.',
  'account.kind.email.problem.too-long': 'Esa dirección es demasiado larga: puede tener como máximo 254 caracteres.',
  'account.kind.email.problem.invalid': 'Esa dirección de correo no nos sirve. Revísala: debería tener la forma nombre@ejemplo.es.',
  'account.kind.email.taken': 'Esta dirección ya recibe códigos: es uno de tus dispositivos.',
  'account.error.codeRequired': 'Escribe el código que te enviamos.',
  'account.error.codeInvalid': 'Ese código no es correcto o ha caducado. Revísalo o pide un código nuevo.',
  'account.error.codeCooldown': 'Se acaba de enviar un código. Podrás pedir uno nuevo {relative} ({time}).',
  'account.error.sendLimit': 'Se han enviado demasiados códigos últimamente. Podrás pedir uno nuevo {relative} ({time}).',
  'account.error.sendFailed':
    'No hemos podido enviar el código en este momento. Revisa el número o la dirección, espera un poco y vuelve a intentarlo.',

  // Account polish: one set of "code sent" messages (delivery.resent.*), remembered-browser summaries, phone risk notice
  'delivery.resent.sms': 'Hemos enviado un SMS nuevo al {destination}. Solo funciona el código más reciente.',
  'delivery.resent.call': 'Volvemos a llamar al {destination} con un código nuevo. Solo funciona el código más reciente.',
  'delivery.resent.email': 'Hemos enviado un correo nuevo a {destination}. Solo funciona el código más reciente.',
  'delivery.resent.other': 'Hemos enviado un código nuevo a {destination}. Solo funciona el código más reciente.',
  'delivery.resent.generic': 'Te hemos enviado un código nuevo. Solo funciona el código más reciente.',
  'account.profile.browserOn': '{browser} en {system}',
  'account.profile.browserUnknown': 'Navegador desconocido',
  'account.kind.phone.risk':
    'Los códigos enviados a un número de teléfono solo son tan seguros como el propio número: quien consiga que tu operador lo pase a su tarjeta SIM o a otro operador recibirá también tus códigos. Una aplicación de autenticación es más segura; si puedes, deja este número como respaldo.',
};
