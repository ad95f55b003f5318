/**
 * Brazilian Portuguese translation of every message id of twofold's English
 * catalogs (sign-in pages, account and login flows, staff admin).
 *
 * One term per concept, kept everywhere: "código" (code), "dispositivo"
 * (device), "código de backup" (backup code), "aplicativo autenticador"
 * (authenticator app), "autenticação de dois fatores" (two-factor
 * authentication), "lembrar este navegador" (remember this browser),
 * "entrar"/"acesso" and "sair" (sign in / sign-in / sign out). The reader is
 * addressed as "você". Plural messages give every category of
 * `Intl.PluralRules('pt-BR')` (`one`, `many`, `other`); `many` only covers
 * counts such as 1 000 000, which read like `other` once the number is
 * written out in digits.
 */
import type { MessageText } from '../text.js';

/** The pt-BR catalog, keyed by message id. */
export const ptBR: Readonly<Record<string, MessageText>> = {
  // Sign-in pages (src/web/messages.ts)
  'page.login.title': 'Entrar',
  'page.loginToken.title': 'Digite seu código',
  'page.token.title': 'Confirme sua identidade',
  'page.logout.title': 'Sair',
  'page.error.title': 'Algo deu errado',
  'page.forbidden.title': 'Solicitação recusada',

  'field.username': 'Nome de usuário',
  'field.password': 'Senha',
  'field.device': 'Dispositivo',
  'field.token': 'Código',
  'field.token.hint': 'O código exibido pelo seu aplicativo autenticador, um código que enviamos a você ou um dos seus códigos de backup.',

  'action.signIn': 'Entrar',
  'action.verify': 'Verificar',
  'action.sendCode': 'Receber um código',
  'action.otherAccount': 'Usar outra conta',
  'action.signOut': 'Sair',
  'action.backToSignIn': 'Voltar para a página de acesso',

  'errors.heading': 'Há um problema',

  'login.signingInAs': 'Entrando como {username}.',
  'login.passwordAccepted': 'Sua senha está correta. Agora digite o código de um dos seus dispositivos.',
  'token.signedInAs': 'Você entrou como {username}.',
  'token.intro': 'Esta página exige uma segunda etapa: digite o código de um dos seus dispositivos.',
  'token.noDevices':
    'Esta página exige autenticação de dois fatores, mas sua conta ainda não tem nenhum dispositivo configurado para isso. Peça a um administrador que adicione um.',
  'logout.confirm': 'Deseja sair neste dispositivo?',

  'error.credentialsRequired': 'Informe seu nome de usuário e sua senha.',
  'error.badCredentials':
    'O nome de usuário ou a senha não estão corretos. Verifique os dois (maiúsculas e minúsculas fazem diferença) e tente novamente.',
  'error.pendingExpired': 'Seu acesso demorou demais e foi cancelado. Informe novamente seu nome de usuário e sua senha.',
  'error.tokenRequired': 'Digite o código do seu dispositivo.',
  'error.invalidToken': 'Esse código não foi aceito. Confira e tente novamente.',
  'error.throttled': {
    one: 'A verificação está suspensa após {count} tentativa malsucedida. Você pode tentar novamente {relative} ({time}).',
    many: 'A verificação está suspensa após {count} tentativas malsucedidas. Você pode tentar novamente {relative} ({time}).',
    other: 'A verificação está suspensa após {count} tentativas malsucedidas. Você pode tentar novamente {relative} ({time}).',
  },
  'error.notInteractive': 'Este dispositivo não envia códigos: digite o código que ele exibe.',
  'error.cooldown': 'Um código acabou de ser enviado. Você pode pedir um novo {relative} ({time}).',
  'error.challengeFailed': 'Não foi possível enviar um código agora. Aguarde um momento e tente novamente.',
  'error.deviceUnusable': 'Este dispositivo não pode ser usado no momento. Escolha outro ou peça ajuda a um administrador.',
  'error.csrf': 'Este formulário expirou ou foi enviado de outro site. Volte, recarregue a página e tente novamente.',
  'error.badRequest': 'Não foi possível ler o formulário. Recarregue a página e tente novamente.',
  'error.tooLarge': 'O formulário é grande demais.',
  'error.cookiesRequired': 'Para entrar é preciso usar cookies, e este navegador não devolveu o nosso. Permita cookies para este site, recarregue a página e tente novamente.',
  'page.stale.title': 'Esta página estava desatualizada',
  'action.continue': 'Continuar',
  'error.staleSignedIn': 'Este formulário estava desatualizado: você já entrou, talvez em outra aba ou janela. Nada foi enviado de novo.',
  'error.staleStep': 'Este formulário estava desatualizado, talvez porque sua entrada avançou em outra aba ou janela. Nada mudou: continue a partir da etapa atual.',
  'error.staleExpired': 'Este formulário expirou, talvez porque você saiu ou esperou muito tempo. Nada mudou: comece de novo.',
  'error.stalePage': 'Este formulário estava desatualizado, talvez porque foi aberto antes de sua sessão mudar em outra aba ou janela. Nada mudou: abra a página de novo e tente outra vez.',
  'verification.expired.idle.minutes': {
    one: 'Sua verificação expirou após {count} minuto de inatividade. Digite um código novamente para continuar.',
    many: 'Sua verificação expirou após {count} minutos de inatividade. Digite um código novamente para continuar.',
    other: 'Sua verificação expirou após {count} minutos de inatividade. Digite um código novamente para continuar.',
  },
  'verification.expired.idle.hours': {
    one: 'Sua verificação expirou após {count} hora de inatividade. Digite um código novamente para continuar.',
    many: 'Sua verificação expirou após {count} horas de inatividade. Digite um código novamente para continuar.',
    other: 'Sua verificação expirou após {count} horas de inatividade. Digite um código novamente para continuar.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Sua verificação expirou: um código vale por {count} minuto. Digite um código novamente para continuar.',
    many: 'Sua verificação expirou: um código vale por {count} minutos. Digite um código novamente para continuar.',
    other: 'Sua verificação expirou: um código vale por {count} minutos. Digite um código novamente para continuar.',
  },
  'verification.expired.absolute.hours': {
    one: 'Sua verificação expirou: um código vale por {count} hora. Digite um código novamente para continuar.',
    many: 'Sua verificação expirou: um código vale por {count} horas. Digite um código novamente para continuar.',
    other: 'Sua verificação expirou: um código vale por {count} horas. Digite um código novamente para continuar.',
  },

  // Account pages (src/flows/account/messages.ts)
  'account.profile.title': 'Autenticação de dois fatores',
  'account.profile.on': 'A autenticação de dois fatores está ativada: para entrar, pedimos um código além da sua senha.',
  'account.profile.off':
    'A autenticação de dois fatores está desativada. Ative-a para que uma senha roubada, sozinha, não dê acesso à sua conta.',
  'account.profile.primary': 'Ao entrar, pedimos primeiro um código de {name}.',
  'account.profile.devicesHeading': 'Seus dispositivos',
  'account.profile.deviceAdded': 'Adicionado em {date}',
  'account.profile.deviceLastUsed': 'Último uso em {date}',
  'account.profile.deviceNeverUsed': 'Ainda não usado',
  'account.profile.primaryBadge': 'Principal',
  'account.profile.backupHeading': 'Códigos de backup',
  'account.profile.backupRemaining': {
    one: 'Resta {count} código de backup não utilizado.',
    many: 'Restam {count} códigos de backup não utilizados.',
    other: 'Restam {count} códigos de backup não utilizados.',
  },
  'account.profile.backupNone':
    'Você não tem códigos de backup não utilizados. Sem eles, se perder seu celular, você pode ficar sem acesso à sua conta.',
  'account.profile.rememberedHeading': 'Navegadores lembrados',
  'account.profile.rememberedIntro':
    'Estes navegadores não pedem o código ao entrar até que o prazo deles termine. Esqueça os que você não usa mais.',
  'account.profile.rememberedNone': 'Nenhum navegador está lembrado.',
  'account.profile.rememberedEntry': 'Lembrado em {date} com {device}',
  'account.profile.rememberedUntil': 'Até {date}',
  'account.profile.turnOffHeading': 'Desativar',

  'account.kind.totp': 'Aplicativo autenticador',
  'account.kind.hotp': 'Token físico',
  'account.kind.backup-codes': 'Códigos de backup',
  'account.kind.email': 'E-mail',
  'account.kind.phone': 'Telefone',
  'account.kind.other': 'Dispositivo do tipo {kind}',
  'account.method.totp.hint':
    'Um aplicativo no seu celular, como Google Authenticator, Microsoft Authenticator, Aegis ou 1Password, exibe um novo código a cada 30 segundos.',
  'account.method.hotp.hint': 'Um token ou aplicativo que exibe um novo código cada vez que você aperta o botão dele.',
  'account.method.other.hint': 'Um dispositivo que exibe códigos depois que você informa uma chave a ele.',
  'account.defaultName.numbered': '{name} {number}',

  'account.setup.title': 'Configurar a autenticação de dois fatores',
  'account.setup.addTitle': 'Adicionar outro dispositivo',
  'account.setup.welcome':
    'A autenticação de dois fatores protege sua conta: além da sua senha, ao entrar será pedido um código que só o seu celular pode exibir.',
  'account.setup.otherMethods': 'Escolher outro método',
  'account.setup.welcomeAnother':
    'Você está adicionando outro dispositivo. Cada um dos seus dispositivos poderá ser usado sozinho para entrar.',
  'account.setup.methodLegend': 'Como você quer receber seus códigos?',
  'account.setup.noMethod':
    'Nenhuma forma de configurar a autenticação de dois fatores está disponível neste site. Fale com um administrador.',
  'account.setup.scan': 'Leia este código QR com o aplicativo.',
  'account.setup.qrAlt': 'Código QR com a chave para o seu aplicativo autenticador',
  'account.setup.manual': 'Não consegue ler o código QR? Digite esta chave no aplicativo, como chave baseada em tempo:',
  'account.setup.manualCounter': 'Não consegue ler o código QR? Digite esta chave no aplicativo, como chave baseada em contador:',
  'account.setup.keyLabel': 'Chave',
  'account.setup.confirmIntro': 'Depois, digite o código que o aplicativo exibe, para comprovar que ele funciona.',
  'account.setup.expiresAt': 'Esta chave expira {relative} ({time}) se você não concluir a configuração.',
  'account.setupDone.title': 'A autenticação de dois fatores está ativada',
  'account.setupDone.text': 'A partir de agora, para entrar, pediremos um código de {name} depois da sua senha.',
  'account.setupDone.textAdded': '{name} está pronto. Ao entrar, {primary} continua sendo pedido primeiro; {name} aparece entre as outras formas de confirmar que é você, e você pode torná-lo seu dispositivo principal no seu perfil.',
  'account.setupDone.backupCodes':
    'Se você perder seu celular, os códigos de backup são a forma de voltar a acessar sua conta. Gere-os agora e guarde-os em um lugar seguro.',
  'account.setupDone.hasBackupCodes': {
    one: 'Você ainda tem {count} código de backup não utilizado.',
    many: 'Você ainda tem {count} códigos de backup não utilizados.',
    other: 'Você ainda tem {count} códigos de backup não utilizados.',
  },

  'account.rename.title': 'Renomear um dispositivo',
  'account.rename.current': 'O nome atual é {name}.',
  'account.remove.title': 'Remover um dispositivo',
  'account.remove.confirm': 'Remover {name}? Os códigos dele deixarão de funcionar imediatamente.',
  'account.remove.primaryNote': '{name} é seu dispositivo principal: {next} passará a ser o principal.',
  'account.backupCodes.title': 'Códigos de backup',
  'account.backupCodes.intro':
    'Cada código de backup permite entrar uma única vez, para quando seu dispositivo habitual não estiver à mão.',
  'account.backupCodes.regenerateWarning': 'Gerar um novo conjunto cancela todos os códigos que você tem agora.',
  'account.backupCodes.issuedTitle': 'Seus novos códigos de backup',
  'account.backupCodes.issuedIntro':
    'Salve estes códigos agora: imprima-os ou guarde-os em um gerenciador de senhas. Esta é a única vez que eles são exibidos.',
  'account.backupCodes.issuedOld': 'Os códigos de backup que você tinha antes não funcionam mais.',
  'account.backupCodes.listLabel': 'Seus códigos de backup',
  'account.backupCodes.shownUntil': 'Esta página os mostra, mesmo ao recarregar, até você confirmar que os guardou, ou até {time}.',
  'account.backupCodes.replaceTitle': 'Substituir todos os seus códigos de backup?',
  'account.backupCodes.replaceWarning': { one: 'O {count} código de backup que você tem agora deixa de funcionar na hora, onde quer que você o tenha guardado ou impresso.', many: 'Os {count} códigos de backup que você tem agora deixam de funcionar na hora, inclusive os guardados, baixados ou impressos.', other: 'Os {count} códigos de backup que você tem agora deixam de funcionar na hora, inclusive os guardados, baixados ou impressos.' },
  'account.action.replaceCodes': 'Sim, substituir',
  'account.action.keepCodes': 'Não, manter meus códigos',
  'account.notice.codesSaved': 'Seus novos códigos de backup estão valendo. Guarde-os em um lugar seguro.',
  'account.backupCodes.fileHeader': 'Códigos de backup de {account}',
  'account.backupCodes.fileIntro': 'Cada código funciona uma única vez. Gerados em {date}.',
  'account.disable.title': 'Desativar a autenticação de dois fatores',
  'account.disable.warning':
    'Sem uma segunda etapa, qualquer pessoa que descobrir sua senha poderá entrar como você. Todos os seus dispositivos, códigos de backup e navegadores lembrados serão removidos.',
  'account.reauth.title': 'Confirme sua identidade',
  'account.reauth.intro': 'Antes de alterar a forma como sua conta é protegida, digite o código de um dos seus dispositivos.',

  'account.field.method': 'Método',
  'account.field.name': 'Nome do dispositivo',
  'account.field.name.hint': 'Para você distinguir seus dispositivos, por exemplo “Celular do trabalho”.',
  'account.field.setupCode': 'Código do aplicativo',
  'account.field.setupCode.hint': 'O número que o aplicativo exibe para esta nova entrada, sem espaços.',
  'account.field.understand': 'Sim, tenho certeza',

  'account.action.begin': 'Continuar',
  'account.action.confirmSetup': 'Confirmar e ativar',
  'account.action.confirmAdd': 'Confirmar e adicionar o dispositivo',
  'account.action.cancelSetup': 'Cancelar',
  'account.action.setUp': 'Configurar a autenticação de dois fatores',
  'account.action.addDevice': 'Adicionar outro dispositivo',
  'account.action.rename': 'Renomear',
  'account.action.remove': 'Remover',
  'account.action.makePrimary': 'Tornar principal',
  'account.action.save': 'Salvar',
  'account.action.backupCodes': 'Gerenciar códigos de backup',
  'account.action.generateCodes': 'Gerar novos códigos de backup',
  'account.action.generateFirstCodes': 'Gerar códigos de backup',
  'account.action.download': 'Baixar como arquivo de texto',
  'account.action.savedCodes': 'Já salvei meus códigos',
  'account.action.disable': 'Desativar a autenticação de dois fatores',
  'account.action.forgetBrowser': 'Esquecer',
  'account.action.backToProfile': 'Voltar às configurações da autenticação de dois fatores',
  'account.action.continue': 'Continuar',
  'account.action.later': 'Agora não',

  'account.notice.renamed': 'O dispositivo agora se chama {name}.',
  'account.notice.removed': '{name} foi removido.',
  'account.notice.primary': '{name} agora é seu dispositivo principal.',
  'account.notice.disabled': 'A autenticação de dois fatores foi desativada. Seus dispositivos e códigos de backup foram removidos.',
  'account.notice.deviceAdded': '{name} foi adicionado.',
  'account.notice.browserForgotten': 'Esse navegador foi esquecido: ele pedirá um código no próximo acesso.',

  'account.error.nameRequired': 'Dê um nome ao dispositivo.',
  'account.error.nameTooLong': 'O nome pode ter no máximo {max} caracteres.',
  'account.error.nameInvalid': 'O nome não pode conter quebras de linha nem outros caracteres de controle.',
  'account.error.methodRequired': 'Escolha como você quer receber seus códigos.',
  'account.error.setupExpired': 'A configuração demorou demais e foi cancelada. Comece de novo: você receberá uma nova chave.',
  'account.error.setupMissing': 'Não há nenhuma configuração em andamento neste navegador. Comece de novo.',
  'account.error.setupCodeRequired': 'Digite o código que o aplicativo exibe.',
  'account.error.setupCodeInvalid':
    'Esse código não corresponde à nova chave. Verifique se você está olhando a nova entrada no aplicativo e digite o código atual dela.',
  'account.error.setupThrottled': {
    one: '{count} código incorreto. Você pode tentar novamente {relative} ({time}).',
    many: '{count} códigos incorretos seguidos. Você pode tentar novamente {relative} ({time}).',
    other: '{count} códigos incorretos seguidos. Você pode tentar novamente {relative} ({time}).',
  },
  'account.error.understandRequired':
    'Marque “Sim, tenho certeza” para desativar a autenticação de dois fatores. Nada foi alterado.',
  'account.error.lastDevice':
    'Este é seu único dispositivo, por isso ele não pode ser removido sozinho. Primeiro adicione outro dispositivo ou desative a autenticação de dois fatores.',
  'account.error.deviceNotFound': 'Esse dispositivo não é seu ou foi removido.',
  'account.error.notEnabled': 'A autenticação de dois fatores está desativada na sua conta, por isso não há nada para alterar aqui.',
  'account.api.loginRequired': 'Entre na sua conta primeiro.',
  'account.api.otpRequired': 'Primeiro, digite o código de um dos seus dispositivos.',
  'account.api.reauthenticationRequired':
    'Esta alteração exige um código digitado nos últimos minutos. Digite novamente o código de um dos seus dispositivos.',
  'account.api.confirmationRequired': 'Envie "confirm": true para desativar a autenticação de dois fatores. Nada foi alterado.',
  'account.error.downloadExpired':
    'Os códigos de backup só podem ser baixados no navegador que os gerou, logo após a geração. Gere um novo conjunto para baixá-lo.',

  // Sign-in flows (src/flows/login/messages.ts)
  'login.token.instruction': 'Digite o código exibido por {device}.',
  'login.token.instructionSent': 'Peça o envio de um código para {device} e digite-o aqui.',
  'login.remember.days': {
    one: 'Lembrar este navegador por {count} dia',
    many: 'Lembrar este navegador por {count} dias',
    other: 'Lembrar este navegador por {count} dias',
  },
  'login.remember.hours': {
    one: 'Lembrar este navegador por {count} hora',
    many: 'Lembrar este navegador por {count} horas',
    other: 'Lembrar este navegador por {count} horas',
  },
  'login.remember.minutes': {
    one: 'Lembrar este navegador por {count} minuto',
    many: 'Lembrar este navegador por {count} minutos',
    other: 'Lembrar este navegador por {count} minutos',
  },
  'login.remember.hint':
    'Marque somente em um dispositivo usado apenas por você. Depois disso, para entrar aqui, será pedida apenas a sua senha. Você pode esquecer este navegador mais tarde, nas configurações da sua conta.',
  'login.otherMethods.heading': 'Outras formas de confirmar sua identidade',
  'login.otherMethods.use': 'Usar {device}',
  'login.otherMethods.send': 'Enviar um código para {device}',
  'login.otherMethods.backup': 'Usar um código de backup',

  'login.backup.title': 'Usar um código de backup',
  'login.backup.intro':
    'Digite um dos códigos de backup que você salvou ao configurar a autenticação de dois fatores. Cada código funciona uma única vez.',
  'login.backup.field': 'Código de backup',
  'login.backup.hint': 'Letras e números, como impressos. Espaços e hifens não fazem diferença.',
  'login.backup.back': 'Usar um dos seus dispositivos',

  'login.lostDevice.text': 'Perdeu seu dispositivo? Use um dos seus códigos de backup. Sem eles, fale com o suporte deste site para recuperar o acesso à sua conta.',
  'login.lostDevice.link': 'Obter ajuda para entrar',
  'login.backupLeft.title': 'Você entrou',
  'login.backupLeft.count': { one: 'Você entrou com um código de backup. Resta {count} código de backup.', many: 'Você entrou com um código de backup. Restam {count} códigos de backup.', other: 'Você entrou com um código de backup. Restam {count} códigos de backup.' },
  'login.backupLeft.warning': 'Crie um novo conjunto agora, antes que acabem: sem dispositivo ou código de backup você não consegue entrar.',
  'login.backupLeft.newCodes': 'Obter novos códigos de backup',
  'login.backupLeft.continue': 'Continuar',
  'login.verify.noDevicesSetUp':
    'Esta página exige autenticação de dois fatores, mas sua conta ainda não tem nenhum dispositivo configurado para isso. A configuração leva um minuto.',
  'login.action.setUp': 'Configurar a autenticação de dois fatores',
  'login.setupRequired': 'Sua conta precisa usar a autenticação de dois fatores. Configure-a para continuar.',

  'login.error.deviceNotAvailable': 'Esse dispositivo não pode ser usado aqui. Escolha um dos seus próprios dispositivos.',
  'login.error.sendLimit': 'Muitos códigos foram enviados recentemente. Você pode pedir um novo {relative} ({time}).',
  'login.error.noLoginInProgress': 'Não há nenhum acesso em andamento. Comece informando seu nome de usuário e sua senha.',

  // Sign-in with codes sent by text message, voice call or e-mail (issue 5): where the code went, resending.
  'delivery.sent.sms': 'Enviamos um SMS com um código para {destination}.',
  'delivery.sent.call': 'Estamos ligando para {destination}: uma voz vai ler um código para você.',
  'delivery.sent.email': 'Enviamos um e-mail com um código para {destination}.',
  'delivery.sent.other': 'Enviamos um código para {destination}.',
  'delivery.sent.generic': 'Enviamos um código para você.',
  'delivery.enter.sms': 'Digite o código do SMS que enviamos para {destination}.',
  'delivery.enter.call': 'Digite o código que a voz leu quando ligamos para {destination}.',
  'delivery.enter.email': 'Digite o código do e-mail que enviamos para {destination}.',
  'delivery.enter.other': 'Digite o código que enviamos para {destination}.',
  'delivery.enter.generic': 'Digite o código que enviamos para você.',
  'delivery.ask.sms': 'Peça um SMS com um código para {destination} e digite o código aqui.',
  'delivery.ask.call': 'Peça uma ligação para {destination}: uma voz vai ler um código para você digitar aqui.',
  'delivery.ask.email': 'Peça um e-mail com um código para {destination} e digite o código aqui.',
  'delivery.ask.other': 'Peça o envio de um código para {destination} e digite-o aqui.',
  'login.passwordAcceptedKey': 'Sua senha está correta. Agora use sua chave de segurança ou chave de acesso.',
  'login.token.resend': 'Enviar um novo código',
  'login.token.nextCodeAt': 'Você pode pedir um novo código {relative} ({time}).',

  'api.error.unsupportedMediaType': 'Envie o corpo da solicitação em JSON, com Content-Type: application/json.',
  'api.error.badRequest': 'Não foi possível ler o corpo da solicitação: ele deve ser um objeto JSON com os campos documentados.',
  'api.error.tooLarge': 'O corpo da solicitação é grande demais.',
  'api.error.csrf':
    'A solicitação foi recusada: o cabeçalho X-CSRF-Token está ausente ou desatualizado, ou a solicitação veio de outro site. Obtenha um token novo no endpoint de sessão.',

  // Staff admin (src/flows/admin/messages.ts)
  'admin.title': 'Dispositivos de dois fatores',
  'admin.userTitle': 'Dispositivos de {user}',
  'admin.deleteTitle': 'Excluir um dispositivo',
  'admin.codesTitle': 'Novos códigos de backup',
  'admin.forbiddenTitle': 'Somente para a equipe',
  'admin.notFoundTitle': 'Não encontrado',
  'admin.errorTitle': 'Algo deu errado',

  'admin.nav.home': 'Todos os dispositivos',
  'admin.nav.signedInAs': 'Você entrou como {username}',
  'admin.nav.signOut': 'Sair',
  'admin.forbidden.switch': 'Sair, para entrar com uma conta da equipe',

  'admin.search.label': 'ID do usuário contém',
  'admin.search.hint': 'Deixe em branco para listar todos os usuários que têm um dispositivo.',
  'admin.search.submit': 'Pesquisar',
  'admin.search.results': '{devices} de {users}',
  'admin.search.devices': { one: '{count} dispositivo', many: '{count} dispositivos', other: '{count} dispositivos' },
  'admin.search.users': { one: '{count} usuário', many: '{count} usuários', other: '{count} usuários' },
  'admin.search.none': 'Nenhum dispositivo encontrado.',
  'admin.search.noneFor': 'Nenhum dispositivo pertence a um usuário cujo ID contenha “{query}”.',
  'admin.search.truncated': 'Somente os primeiros {count} dispositivos são exibidos: refine a pesquisa.',
  'admin.search.usersWithoutDevices': 'Usuários sem dispositivo',

  'admin.column.user': 'Usuário',
  'admin.column.device': 'Dispositivo',
  'admin.column.kind': 'Tipo',
  'admin.column.status': 'Situação',
  'admin.column.lastUsed': 'Último uso',

  'admin.status.confirmed': 'Ativo',
  'admin.status.unconfirmed': 'Aguardando confirmação',
  'admin.status.locked': 'Suspenso até {time}',
  'admin.status.failures': {
    one: '{count} tentativa malsucedida',
    many: '{count} tentativas malsucedidas',
    other: '{count} tentativas malsucedidas',
  },
  'admin.never': 'nunca',

  'admin.create.heading': 'Adicionar um autenticador',
  'admin.create.intro':
    'O novo dispositivo fica inativo até que um código gerado por ele seja digitado abaixo do código QR; assim, uma chave digitada incorretamente não bloqueia ninguém.',
  'admin.create.user': 'ID do usuário',
  'admin.create.kind': 'Tipo',
  'admin.create.name': 'Nome do dispositivo',
  'admin.create.nameHint': 'Exibido ao usuário quando ele escolhe um dispositivo, por exemplo “Celular”.',
  'admin.create.submit': 'Adicionar dispositivo',
  'admin.kind.totp': 'Aplicativo autenticador, baseado em tempo (TOTP)',
  'admin.kind.hotp': 'Token baseado em contador (HOTP)',
  'admin.kind.backup-codes': 'Códigos de backup',
  'admin.noDevices': 'Este usuário ainda não tem nenhum dispositivo de dois fatores.',

  'admin.detail.user': 'Usuário',
  'admin.detail.kind': 'Tipo',
  'admin.detail.status': 'Situação',
  'admin.detail.created': 'Criado em',
  'admin.detail.lastUsed': 'Último uso',
  'admin.detail.failures': 'Tentativas malsucedidas',
  'admin.detail.codesLeft': 'Códigos restantes',
  'admin.detail.settings': 'Configurações',
  'admin.detail.settingsTotp': '{digits} dígitos, um novo código a cada {step} segundos, {algorithm}',
  'admin.detail.settingsHotp': '{digits} dígitos, próximo contador {counter}, {algorithm}',

  'admin.setup.heading': 'Configurar o autenticador',
  'admin.setup.scan': 'Leia este código QR com o aplicativo autenticador ou digite a chave manualmente.',
  'admin.setup.qrAlt': 'Código QR para configurar o dispositivo {name}',
  'admin.setup.key': 'Chave',
  'admin.setup.keyHint': 'Os espaços servem apenas para facilitar a leitura; os aplicativos aceitam a chave com ou sem eles.',
  'admin.setup.unavailable':
    'A chave deste dispositivo não pode ser exibida (o tipo dele não tem URI de provisionamento, ou o nome da conta não pode ser usado).',
  'admin.setup.confirmedWarning':
    'Este dispositivo já está ativo: a chave dele só é exibida porque este site ativa showSecretsOfConfirmedDevices. Qualquer pessoa que a vir pode gerar códigos.',
  'admin.setup.hidden':
    'A chave de um dispositivo ativo nunca é exibida novamente. Para passar o usuário para um novo celular, adicione um novo dispositivo e exclua este.',
  'admin.confirm.heading': 'Confirmar o dispositivo',
  'admin.confirm.intro': 'Digite o código que o aplicativo exibe agora. O dispositivo fica ativo assim que um código for aceito.',
  'admin.confirm.token': 'Código do aplicativo',
  'admin.confirm.submit': 'Confirmar',

  'admin.rename.heading': 'Renomear',
  'admin.rename.label': 'Novo nome',
  'admin.rename.submit': 'Renomear',
  'admin.throttle.heading': 'Limitação de tentativas',
  'admin.throttle.intro':
    'Tentativas malsucedidas fazem o dispositivo esperar cada vez mais entre uma tentativa e outra. Redefina somente quando souber quem as fez.',
  'admin.throttle.submit': 'Redefinir a limitação de tentativas',
  'admin.throttle.none': 'Nenhuma tentativa malsucedida desde o último acerto.',

  'admin.codes.heading': 'Códigos de backup',
  'admin.codes.intro':
    'Códigos de uso único para quando o dispositivo habitual não estiver à mão. Eles são armazenados como hash e exibidos uma única vez, na criação.',
  'admin.codes.count': { one: 'Resta {count} código.', many: 'Restam {count} códigos.', other: 'Restam {count} códigos.' },
  'admin.codes.noneYet': 'Ainda não há códigos de backup.',
  'admin.codes.add': 'Adicionar um código',
  'admin.codes.regenerate': 'Substituir todos os códigos por um novo conjunto',
  'admin.codes.regenerateHint': 'Todos os códigos de backup anteriores deste usuário deixarão de funcionar.',
  'admin.codes.shownOnce':
    'Entregue estes códigos a {user} agora, por um canal seguro. Eles não são armazenados de forma legível e não serão exibidos novamente. Cada um funciona uma única vez.',
  'admin.codes.added':
    'Um código de backup foi adicionado para {user}. Ele não é armazenado de forma legível e não será exibido novamente.',
  'admin.codes.back': 'Pronto, voltar ao usuário',

  'admin.codes.shownUntil': 'Esta página os mostra, mesmo ao recarregar, até você clicar em “Concluído” ou até {time}.',
  'admin.codes.replaceTitle': 'Substituir todos os códigos de backup de {user}?',
  'admin.codes.replaceWarning': { one: 'O {count} código de backup não usado deste usuário deixa de funcionar na hora, onde quer que tenha sido guardado ou impresso.', many: 'Os {count} códigos de backup não usados deste usuário deixam de funcionar na hora, onde quer que tenham sido guardados ou impressos.', other: 'Os {count} códigos de backup não usados deste usuário deixam de funcionar na hora, onde quer que tenham sido guardados ou impressos.' },
  'admin.codes.replaceConfirm': 'Sim, substituir',
  'admin.codes.replaceCancel': 'Não, manter',
  'admin.notice.codesHandedOver': 'Os novos códigos de backup não são mais mostrados.',
  'admin.delete.link': 'Excluir este dispositivo…',
  'admin.delete.question': 'Excluir o dispositivo “{name}” de {user}?',
  'admin.delete.consequence':
    'Os códigos dele deixarão de funcionar imediatamente, em todos os lugares. Se era o único dispositivo do usuário, ele poderá entrar apenas com a senha até que um novo seja adicionado.',
  'admin.delete.submit': 'Excluir',
  'admin.delete.cancel': 'Cancelar',

  'admin.notice.created': 'Dispositivo “{name}” adicionado para {user}. Ele ficará ativo assim que for confirmado com um código.',
  'admin.notice.confirmed': 'O dispositivo “{name}” foi confirmado e está ativo. A chave dele não será exibida novamente.',
  'admin.notice.renamed': 'Dispositivo renomeado para “{name}”.',
  'admin.notice.throttleReset': 'A limitação de tentativas de “{name}” foi redefinida.',
  'admin.notice.deleted': 'O dispositivo “{name}” de {user} foi excluído.',

  'admin.error.heading': 'Há um problema',
  'admin.error.forbidden': 'Esta área é somente para a equipe. Você entrou como {username}, que não é uma conta da equipe.',
  'admin.error.notFound': 'O dispositivo ou a página não existe. Talvez tenha sido excluído.',
  'admin.error.secretHidden': 'A chave de um dispositivo ativo não é exibida.',
  'admin.error.csrf': 'Este formulário expirou ou foi enviado de outro site. Volte, recarregue a página e tente novamente.',
  'admin.error.badRequest': 'Não foi possível ler o formulário. Recarregue a página e tente novamente.',
  'admin.error.tooLarge': 'O formulário é grande demais.',
  'admin.error.methodNotAllowed': 'Este endereço não aceita esse tipo de solicitação.',
  'admin.error.userRequired': 'Informe o ID do usuário.',
  'admin.error.unknownUser': 'Não existe nenhum usuário com o ID “{user}”.',
  'admin.error.badKind': 'Escolha um dos tipos oferecidos.',
  'admin.error.badName': 'O nome do dispositivo deve ter de 1 a 64 caracteres, sem quebras de linha.',
  'admin.error.tokenRequired': 'Digite o código que o aplicativo exibe.',
  'admin.error.invalidToken':
    'Esse código não foi aceito. Verifique se o aplicativo está exibindo este dispositivo e se o relógio do celular está certo.',
  'admin.error.throttled': {
    one: 'A verificação está suspensa após {count} tentativa malsucedida. Tente novamente {relative} ({time}) ou redefina a limitação de tentativas abaixo.',
    many: 'A verificação está suspensa após {count} tentativas malsucedidas. Tente novamente {relative} ({time}) ou redefina a limitação de tentativas abaixo.',
    other:
      'A verificação está suspensa após {count} tentativas malsucedidas. Tente novamente {relative} ({time}) ou redefina a limitação de tentativas abaixo.',
  },
  'admin.error.alreadyConfirmed': 'Este dispositivo já está confirmado.',
  'admin.error.deviceUnusable':
    'Não é possível ler este dispositivo (dados corrompidos ou chave de criptografia ausente). Exclua-o e adicione um novo.',
  'admin.error.tooManyCodes':
    'Este usuário já tem o número máximo de códigos de backup permitido. Em vez disso, substitua-os por um novo conjunto.',
  'admin.error.noBackupCodes': 'Os códigos de backup não estão ativados neste site.',
  'admin.error.internal': 'A solicitação falhou. Nada que deva permanecer secreto foi exibido; o log do servidor tem os detalhes.',

  // Account: codes by text message, voice call and e-mail (setup, backup phone numbers)
  'account.method.sms': 'Por SMS',
  'account.method.call': 'Por chamada de voz',
  'account.method.email': 'Por e-mail',
  'account.method.sms.hint':
    'Enviamos um código por SMS para o seu celular sempre que você entrar. É prático, mas um número de telefone pode ser sequestrado, então um aplicativo é mais seguro.',
  'account.method.call.hint': 'Ligamos para o seu telefone e uma voz lê o código para você. Funciona também com telefone fixo.',
  'account.method.email.hint':
    'Enviamos um código por e-mail sempre que você entrar. Quem conseguir ler sua caixa de entrada também lê o código, por isso é melhor usá-lo como reserva.',
  'account.kind.phone.deviceName': 'Telefone terminado em {digits}',
  'account.kind.email.deviceName': 'E-mail para {address}',
  'account.destination.sms': 'SMS para {destination}',
  'account.destination.call': 'Chamada para {destination}',
  'account.destination.email': 'E-mail para {destination}',
  'account.kind.phone.title': 'Adicionar um telefone de backup',
  'account.kind.email.title': 'Adicionar um e-mail para códigos',
  'account.kind.phone.intro':
    'Digite o número de telefone que deve receber seus códigos. Enviaremos um código para ele agora mesmo, para confirmar que chega até você.',
  'account.kind.email.intro':
    'Digite o endereço de e-mail que deve receber seus códigos. Enviaremos um código para ele agora mesmo, para confirmar que chega até você.',
  'account.setup.channelLegend': 'Como o código deve chegar a este número?',
  'account.setup.codeSetupExpiresAt': 'Se você não concluir, esta configuração será cancelada {relative} ({time}).',
  'account.setup.nextCodeAt': 'Não recebeu nada? Você pode pedir um novo código {relative} ({time}).',
  'account.setup.noCode': 'Não recebeu nada? Peça um novo código.',
  'account.kind.phone.field': 'Número de telefone',
  'account.kind.phone.fieldHint': 'Comece com + e o código do país se o número for do exterior, por exemplo +55 11 91234 5678.',
  'account.kind.email.field': 'Endereço de e-mail',
  'account.kind.email.fieldHint': 'Por exemplo nome@exemplo.com.br.',
  'account.field.sentCode': 'Código',
  'account.field.sentCode.hint': 'Os dígitos da mensagem que enviamos. Espaços não importam.',
  'account.method.call.codeHint': 'Os dígitos que a voz leu para você.',
  'account.action.sendFirstCode': 'Enviar um código',
  'account.action.resendCode': 'Enviar um novo código',
  'account.kind.phone.change': 'Usar outro número',
  'account.kind.email.change': 'Usar outro endereço',
  'account.action.addPhone': 'Adicionar um telefone de backup',
  'account.profile.phonesHeading': 'Telefones de backup',
  'account.profile.phonesIntro': 'Quando seu dispositivo habitual não estiver à mão, você pode receber um código em um destes números.',
  'account.profile.phonesNone': 'Você não tem nenhum telefone de backup.',
  'account.kind.phone.problem.empty': 'Digite um número de telefone.',
  'account.kind.phone.problem.invalid': 'Não conseguimos usar esse número de telefone. Confira os dígitos e deixe de fora letras e ramais.',
  'account.kind.phone.problem.missing-country-code': 'Comece o número com + e o código do país, por exemplo +55 11 91234 5678.',
  'account.kind.phone.problem.region-not-allowed': 'Não podemos enviar códigos para números desse país. Use um número de outro país.',
  'account.kind.phone.problem.number-type-refused':
    'Esse número não pode receber códigos: números de tarifa especial e de custo compartilhado não são aceitos. Use um celular ou um telefone fixo comum.',
  'account.kind.phone.taken': 'Este número já recebe códigos dessa forma: é um dos seus dispositivos.',
  'account.kind.email.problem.empty': 'Digite um endereço de e-mail.',
  'account.kind.email.problem.too-long': 'Esse endereço é longo demais: pode ter no máximo 254 caracteres.',
  'account.kind.email.problem.invalid': 'Não conseguimos usar esse endereço de e-mail. Confira: ele deve ter o formato nome@exemplo.com.br.',
  'account.kind.email.taken': 'Este endereço já recebe códigos: é um dos seus dispositivos.',
  'account.error.codeRequired': 'Digite o código que enviamos para você.',
  'account.error.codeInvalid': 'Esse código não está certo ou expirou. Confira ou peça um novo código.',
  'account.error.codeCooldown': 'Um código acabou de ser enviado. Você pode pedir um novo {relative} ({time}).',
  'account.error.sendLimit': 'Foram enviados códigos demais nos últimos tempos. Você pode pedir um novo {relative} ({time}).',
  'account.error.sendFailed': 'Não foi possível enviar o código agora. Confira o número ou o endereço, aguarde um momento e tente novamente.',

  // Account polish: one set of "code sent" messages (delivery.resent.*), remembered-browser summaries, phone risk notice
  'delivery.resent.sms': 'Enviamos um novo SMS para {destination}. Só o código mais recente funciona.',
  'delivery.resent.call': 'Estamos ligando de novo para {destination} com um novo código. Só o código mais recente funciona.',
  'delivery.resent.email': 'Enviamos um novo e-mail para {destination}. Só o código mais recente funciona.',
  'delivery.resent.other': 'Enviamos um novo código para {destination}. Só o código mais recente funciona.',
  'delivery.resent.generic': 'Enviamos um novo código para você. Só o código mais recente funciona.',
  'account.profile.browserOn': '{browser} no {system}',
  'account.profile.browserUnknown': 'Navegador desconhecido',
  'account.kind.phone.risk':
    'Códigos enviados para um número de telefone são tão seguros quanto o próprio número: quem convencer sua operadora a transferi-lo para outro chip ou para outra operadora também recebe seus códigos. Um aplicativo autenticador é mais seguro; se puder, mantenha este número como reserva.',
  'account.action.copyKey': 'Copiar chave',
  'account.action.copyCodes': 'Copiar códigos',
  'account.action.print': 'Imprimir',
  'account.notice.copied': 'Copiado.',
  'account.action.openApp': 'Abrir no aplicativo autenticador',
  'account.backupCodes.fileHeaderSite': 'Códigos de backup de {account} em {site}',
  'account.setup.resendReady': 'Não recebeu nada? Você já pode pedir um novo código.',
  'account.profile.thisBrowser': 'Este navegador',
  'login.token.resendReady': 'Você já pode pedir um novo código.',
  'login.otherMethods.pointer': 'Ou use uma das outras formas abaixo.',
  // Step-up (issue 15): src/flows/step-up/messages.ts
  'stepUp.title': 'Confirme que é você',
  'stepUp.intro': 'Esta página precisa de uma confirmação mais recente de que é você. Só é pedido o que falta.',
  'stepUp.missing.heading': 'O que é necessário',
  'stepUp.missing.device': 'Um código de um destes dispositivos: {devices}.',
  'stepUp.missing.deviceRecent': 'Um código de um destes dispositivos, digitado há menos de {duration}: {devices}.',
  'stepUp.missing.password': 'Sua senha.',
  'stepUp.missing.passwordRecent': 'Sua senha, digitada há menos de {duration}.',
  'stepUp.minutes': { one: '{count} minuto', many: '{count} minutos', other: '{count} minutos' },
  'stepUp.hours': { one: '{count} hora', many: '{count} horas', other: '{count} horas' },
  'stepUp.resubmit': 'O que você enviou não foi salvo. Depois de confirmar que é você, você voltará à página: envie o formulário de novo.',
  'stepUp.password': 'Esta página precisa da sua senha de novo. Saia e entre novamente com sua senha.',
  'stepUp.action.signOut': 'Sair',
  'stepUp.noDevice': 'Nenhum dos seus dispositivos pode confirmar isto, por exemplo porque é preciso uma chave de segurança. Adicione um dispositivo assim à sua conta e depois volte.',
  'stepUp.action.addDevice': 'Adicionar um dispositivo',
  'stepUp.error.unknownRequirement': 'Este link de confirmação não funciona. Volte à página de onde veio e tente de novo.',
  'stepUp.error.deviceNotOffered': 'Esse dispositivo não pode confirmar isto. Escolha um dos dispositivos listados.',
};
