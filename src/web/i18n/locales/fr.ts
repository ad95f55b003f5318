/**
 * The French catalog of twofold's pages (sign-in, account, admin), one text
 * for every English message id. The reader is addressed as « vous », and each
 * notion keeps one term throughout (appareil, code de secours, application
 * d’authentification, authentification à deux facteurs, mémoriser ce
 * navigateur, se connecter / se déconnecter) so that instructions on one page
 * match the labels on the next. Spaces before « : ; ? ! » and inside « »
 * are non-breaking, as French typography requires, so that a line never
 * starts with a lone punctuation mark.
 */
import type { MessageText } from '../text.js';

/** The French texts, keyed by message id. */
export const fr: Readonly<Record<string, MessageText>> = {
  'page.login.title': 'Connexion',
  'page.loginToken.title': 'Saisissez votre code',
  'page.token.title': 'Confirmez votre identité',
  'page.logout.title': 'Déconnexion',
  'page.error.title': 'Une erreur est survenue',
  'page.forbidden.title': 'Demande refusée',

  'field.username': 'Identifiant',
  'field.password': 'Mot de passe',
  'field.device': 'Appareil',
  'field.token': 'Code',
  'field.token.hint': 'Le code affiché par votre application d’authentification, un code que nous vous avons envoyé, ou l’un de vos codes de secours.',

  'action.signIn': 'Se connecter',
  'action.verify': 'Valider',
  'action.sendCode': 'M’envoyer un code',
  'action.otherAccount': 'Utiliser un autre compte',
  'action.signOut': 'Se déconnecter',
  'action.backToSignIn': 'Retour à la connexion',

  'errors.heading': 'Il y a un problème',

  'login.signingInAs': 'Connexion en tant que {username}.',
  'login.passwordAccepted': 'Votre mot de passe est correct. Saisissez maintenant le code de l’un de vos appareils.',
  'token.signedInAs': 'Votre session est ouverte au nom de {username}.',
  'token.intro': 'Cette page demande une étape supplémentaire : saisissez le code de l’un de vos appareils.',
  'token.noDevices':
    'Cette page exige l’authentification à deux facteurs, mais aucun appareil n’est encore configuré pour votre compte. Demandez à un administrateur d’en ajouter un.',
  'logout.confirm': 'Voulez-vous vous déconnecter sur cet appareil ?',

  'error.credentialsRequired': 'Saisissez votre identifiant et votre mot de passe.',
  'error.badCredentials':
    'L’identifiant ou le mot de passe est incorrect. Vérifiez-les tous les deux (en respectant les majuscules et les minuscules), puis réessayez.',
  'error.pendingExpired': 'Votre connexion a pris trop de temps et a été annulée. Saisissez de nouveau votre identifiant et votre mot de passe.',
  'error.tokenRequired': 'Saisissez le code de votre appareil.',
  'error.invalidToken': 'Ce code n’a pas été accepté. Vérifiez-le, puis réessayez.',
  'error.throttled': {
    one: 'La vérification est suspendue après {count} tentative échouée. Vous pourrez réessayer {relative} ({time}).',
    many: 'La vérification est suspendue après {count} tentatives échouées. Vous pourrez réessayer {relative} ({time}).',
    other: 'La vérification est suspendue après {count} tentatives échouées. Vous pourrez réessayer {relative} ({time}).',
  },
  'error.notInteractive': 'Cet appareil n’envoie pas de code : saisissez plutôt le code qu’il affiche.',
  'error.cooldown': 'Un code vient d’être envoyé. Vous pourrez en demander un nouveau {relative} ({time}).',
  'error.challengeFailed': 'Nous n’avons pas pu vous envoyer de code pour le moment. Patientez un instant, puis réessayez.',
  'error.deviceUnusable': 'Cet appareil ne peut pas être utilisé pour le moment. Choisissez-en un autre, ou demandez de l’aide à un administrateur.',
  'error.csrf': 'Ce formulaire a expiré ou a été envoyé depuis un autre site. Revenez en arrière, rechargez la page, puis réessayez.',
  'error.badRequest': 'Le formulaire n’a pas pu être lu. Rechargez la page, puis réessayez.',
  'error.tooLarge': 'Le formulaire est trop volumineux.',
  'error.cookiesRequired': 'La connexion nécessite des cookies, et ce navigateur n’a pas renvoyé le nôtre. Autorisez les cookies pour ce site, rechargez la page, puis réessayez.',
  'verification.expired.idle.minutes': {
    one: 'Votre vérification a expiré après {count} minute d’inactivité. Saisissez de nouveau un code pour continuer.',
    many: 'Votre vérification a expiré après {count} minutes d’inactivité. Saisissez de nouveau un code pour continuer.',
    other: 'Votre vérification a expiré après {count} minutes d’inactivité. Saisissez de nouveau un code pour continuer.',
  },
  'verification.expired.idle.hours': {
    one: 'Votre vérification a expiré après {count} heure d’inactivité. Saisissez de nouveau un code pour continuer.',
    many: 'Votre vérification a expiré après {count} heures d’inactivité. Saisissez de nouveau un code pour continuer.',
    other: 'Votre vérification a expiré après {count} heures d’inactivité. Saisissez de nouveau un code pour continuer.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Votre vérification a expiré : un code est valable {count} minute. Saisissez de nouveau un code pour continuer.',
    many: 'Votre vérification a expiré : un code est valable {count} minutes. Saisissez de nouveau un code pour continuer.',
    other: 'Votre vérification a expiré : un code est valable {count} minutes. Saisissez de nouveau un code pour continuer.',
  },
  'verification.expired.absolute.hours': {
    one: 'Votre vérification a expiré : un code est valable {count} heure. Saisissez de nouveau un code pour continuer.',
    many: 'Votre vérification a expiré : un code est valable {count} heures. Saisissez de nouveau un code pour continuer.',
    other: 'Votre vérification a expiré : un code est valable {count} heures. Saisissez de nouveau un code pour continuer.',
  },

  'account.profile.title': 'Authentification à deux facteurs',
  'account.profile.on': 'L’authentification à deux facteurs est activée : la connexion demande un code en plus de votre mot de passe.',
  'account.profile.off':
    'L’authentification à deux facteurs est désactivée. Activez-la, pour qu’un mot de passe volé ne suffise pas à ouvrir votre compte.',
  'account.profile.primary': 'La connexion demande d’abord un code de l’appareil « {name} ».',
  'account.profile.devicesHeading': 'Vos appareils',
  'account.profile.deviceAdded': 'Ajouté le {date}',
  'account.profile.deviceLastUsed': 'Dernière utilisation le {date}',
  'account.profile.deviceNeverUsed': 'Pas encore utilisé',
  'account.profile.primaryBadge': 'Principal',
  'account.profile.backupHeading': 'Codes de secours',
  'account.profile.backupRemaining': {
    one: 'Il vous reste {count} code de secours inutilisé.',
    many: 'Il vous reste {count} codes de secours inutilisés.',
    other: 'Il vous reste {count} codes de secours inutilisés.',
  },
  'account.profile.backupNone':
    'Vous n’avez plus aucun code de secours inutilisé. Sans eux, la perte de votre téléphone peut vous empêcher d’accéder à votre compte.',
  'account.profile.rememberedHeading': 'Navigateurs mémorisés',
  'account.profile.rememberedIntro':
    'Ces navigateurs ne demandent pas de code à la connexion, jusqu’à la fin de leur durée de mémorisation. Oubliez ceux que vous n’utilisez plus.',
  'account.profile.rememberedNone': 'Aucun navigateur n’est mémorisé.',
  'account.profile.rememberedEntry': 'Mémorisé le {date} avec l’appareil « {device} »',
  'account.profile.rememberedUntil': 'Jusqu’au {date}',
  'account.profile.turnOffHeading': 'Désactiver',

  'account.kind.totp': 'Application d’authentification',
  'account.kind.hotp': 'Jeton matériel',
  'account.kind.backup-codes': 'Codes de secours',
  'account.kind.email': 'E-mail',
  'account.kind.phone': 'Téléphone',
  'account.kind.other': 'Appareil de type {kind}',
  'account.method.totp.hint':
    'Une application sur votre téléphone, comme Google Authenticator, Microsoft Authenticator, Aegis ou 1Password, affiche un nouveau code toutes les 30 secondes.',
  'account.method.hotp.hint': 'Un jeton ou une application qui affiche un nouveau code à chaque appui sur son bouton.',
  'account.method.other.hint': 'Un appareil qui affiche des codes une fois que vous lui avez fourni une clé.',
  'account.defaultName.numbered': '{name} {number}',

  'account.setup.title': 'Configurer l’authentification à deux facteurs',
  'account.setup.addTitle': 'Ajouter un autre appareil',
  'account.setup.welcome':
    'L’authentification à deux facteurs protège votre compte : en plus de votre mot de passe, la connexion demandera un code que seul votre téléphone peut afficher.',
  'account.setup.welcomeAnother': 'Vous ajoutez un autre appareil. Chacun de vos appareils suffira, à lui seul, pour vous connecter.',
  'account.setup.methodLegend': 'Comment souhaitez-vous obtenir vos codes ?',
  'account.setup.noMethod':
    'Aucun moyen de configurer l’authentification à deux facteurs n’est disponible sur ce site. Adressez-vous à un administrateur.',
  'account.setup.scan': 'Scannez ce code QR avec l’application.',
  'account.setup.qrAlt': 'Code QR contenant la clé destinée à votre application d’authentification',
  'account.setup.manual': 'Impossible de le scanner ? Saisissez plutôt cette clé dans l’application, comme clé basée sur le temps :',
  'account.setup.manualCounter': 'Impossible de le scanner ? Saisissez plutôt cette clé dans l’application, comme clé basée sur un compteur :',
  'account.setup.keyLabel': 'Clé',
  'account.setup.confirmIntro': 'Saisissez ensuite le code affiché par l’application, pour vérifier qu’elle fonctionne.',
  'account.setup.expiresAt': 'Cette clé expirera {relative} ({time}) si vous ne terminez pas la configuration.',
  'account.setupDone.title': 'L’authentification à deux facteurs est activée',
  'account.setupDone.text': 'Désormais, la connexion demande, après votre mot de passe, un code de l’appareil « {name} ».',
  'account.setupDone.textAdded': '{name} est prêt. À la connexion, {primary} reste demandé en premier ; {name} figure parmi les autres façons de confirmer votre identité, et vous pouvez en faire votre appareil principal depuis votre profil.',
  'account.setupDone.backupCodes':
    'Si vous perdez votre téléphone, les codes de secours vous permettront d’accéder de nouveau à votre compte. Générez-les maintenant et conservez-les en lieu sûr.',
  'account.setupDone.hasBackupCodes': {
    one: 'Vous disposez encore de {count} code de secours inutilisé.',
    many: 'Vous disposez encore de {count} codes de secours inutilisés.',
    other: 'Vous disposez encore de {count} codes de secours inutilisés.',
  },

  'account.rename.title': 'Renommer un appareil',
  'account.rename.current': 'Son nom actuel est « {name} ».',
  'account.remove.title': 'Retirer un appareil',
  'account.remove.confirm': 'Retirer l’appareil « {name} » ? Ses codes cesseront immédiatement de fonctionner.',
  'account.remove.primaryNote': '« {name} » est votre appareil principal : « {next} » prendra sa place.',
  'account.backupCodes.title': 'Codes de secours',
  'account.backupCodes.intro':
    'Chaque code de secours permet de vous connecter une seule fois, lorsque votre appareil habituel n’est pas à portée de main.',
  'account.backupCodes.regenerateWarning': 'Générer une nouvelle série annule tous vos codes actuels.',
  'account.backupCodes.issuedTitle': 'Vos nouveaux codes de secours',
  'account.backupCodes.issuedIntro':
    'Enregistrez ces codes maintenant : imprimez-les, ou conservez-les dans un gestionnaire de mots de passe. Ils ne seront plus jamais affichés.',
  'account.backupCodes.issuedOld': 'Vos anciens codes de secours ne fonctionnent plus.',
  'account.backupCodes.listLabel': 'Vos codes de secours',
  'account.backupCodes.fileHeader': 'Codes de secours pour {account}',
  'account.backupCodes.fileIntro': 'Chaque code ne fonctionne qu’une fois. Générés le {date}.',
  'account.disable.title': 'Désactiver l’authentification à deux facteurs',
  'account.disable.warning':
    'Sans seconde étape, toute personne qui connaît votre mot de passe pourra se connecter à votre place. Tous vos appareils, codes de secours et navigateurs mémorisés seront supprimés.',
  'account.reauth.title': 'Confirmez votre identité',
  'account.reauth.intro': 'Avant de modifier la protection de votre compte, saisissez le code de l’un de vos appareils.',

  'account.field.method': 'Méthode',
  'account.field.name': 'Nom de l’appareil',
  'account.field.name.hint': 'Pour distinguer vos appareils, par exemple « Téléphone pro ».',
  'account.field.setupCode': 'Code de l’application',
  'account.field.setupCode.hint': 'Le nombre affiché par l’application pour cette nouvelle entrée, sans espaces.',
  'account.field.understand': 'Oui, je confirme',

  'account.action.begin': 'Continuer',
  'account.action.confirmSetup': 'Confirmer et activer',
  'account.action.confirmAdd': 'Confirmer et ajouter l’appareil',
  'account.action.cancelSetup': 'Annuler',
  'account.action.setUp': 'Configurer l’authentification à deux facteurs',
  'account.action.addDevice': 'Ajouter un autre appareil',
  'account.action.rename': 'Renommer',
  'account.action.remove': 'Retirer',
  'account.action.makePrimary': 'Définir comme principal',
  'account.action.save': 'Enregistrer',
  'account.action.backupCodes': 'Gérer les codes de secours',
  'account.action.generateCodes': 'Générer de nouveaux codes de secours',
  'account.action.generateFirstCodes': 'Générer des codes de secours',
  'account.action.download': 'Télécharger en fichier texte',
  'account.action.savedCodes': 'J’ai enregistré mes codes',
  'account.action.disable': 'Désactiver l’authentification à deux facteurs',
  'account.action.forgetBrowser': 'Oublier',
  'account.action.backToProfile': 'Retour aux paramètres d’authentification à deux facteurs',
  'account.action.continue': 'Continuer',
  'account.action.later': 'Plus tard',

  'account.notice.renamed': 'L’appareil s’appelle désormais « {name} ».',
  'account.notice.removed': 'L’appareil « {name} » a été retiré.',
  'account.notice.primary': '« {name} » est désormais votre appareil principal.',
  'account.notice.disabled': 'L’authentification à deux facteurs a été désactivée. Vos appareils et vos codes de secours ont été supprimés.',
  'account.notice.deviceAdded': 'L’appareil « {name} » a été ajouté.',
  'account.notice.browserForgotten': 'Ce navigateur a été oublié : un code vous sera demandé à la prochaine connexion.',

  'account.error.nameRequired': 'Donnez un nom à l’appareil.',
  'account.error.nameTooLong': 'Le nom ne peut pas dépasser {max} caractères.',
  'account.error.nameInvalid': 'Le nom ne peut contenir ni saut de ligne ni autre caractère de contrôle.',
  'account.error.methodRequired': 'Choisissez comment obtenir vos codes.',
  'account.error.setupExpired': 'La configuration a pris trop de temps et a été annulée. Recommencez : vous obtiendrez une nouvelle clé.',
  'account.error.setupMissing': 'Aucune configuration n’est en cours dans ce navigateur. Recommencez.',
  'account.error.setupCodeRequired': 'Saisissez le code affiché par l’application.',
  'account.error.setupCodeInvalid':
    'Ce code ne correspond pas à la nouvelle clé. Vérifiez que vous lisez bien la nouvelle entrée dans l’application, puis saisissez son code actuel.',
  'account.error.setupThrottled': {
    one: 'Vous avez saisi {count} code erroné. Vous pourrez réessayer {relative} ({time}).',
    many: 'Vous avez saisi {count} codes erronés d’affilée. Vous pourrez réessayer {relative} ({time}).',
    other: 'Vous avez saisi {count} codes erronés d’affilée. Vous pourrez réessayer {relative} ({time}).',
  },
  'account.error.understandRequired':
    'Cochez « Oui, je confirme » pour désactiver l’authentification à deux facteurs. Aucune modification n’a été effectuée.',
  'account.error.lastDevice':
    'C’est votre seul appareil : il ne peut pas être retiré seul. Ajoutez d’abord un autre appareil, ou désactivez l’authentification à deux facteurs.',
  'account.error.deviceNotFound': 'Cet appareil ne vous appartient pas, ou il a été retiré.',
  'account.error.notEnabled': 'L’authentification à deux facteurs est désactivée pour votre compte : il n’y a rien à modifier ici.',
  'account.api.loginRequired': 'Connectez-vous d’abord.',
  'account.api.otpRequired': 'Saisissez d’abord le code de l’un de vos appareils.',
  'account.api.reauthenticationRequired':
    'Cette modification exige un code saisi au cours des dernières minutes. Saisissez de nouveau le code de l’un de vos appareils.',
  'account.api.confirmationRequired':
    'Envoyez "confirm": true pour désactiver l’authentification à deux facteurs. Aucune modification n’a été effectuée.',
  'account.error.downloadExpired':
    'Les codes de secours ne peuvent être téléchargés que dans le navigateur qui les a générés, juste après leur création. Générez une nouvelle série pour la télécharger.',

  'login.token.instruction': 'Saisissez le code affiché par l’appareil « {device} ».',
  'login.token.instructionSent': 'Demandez l’envoi d’un code à l’appareil « {device} », puis saisissez-le ici.',
  'login.remember.days': {
    one: 'Mémoriser ce navigateur pendant {count} jour',
    many: 'Mémoriser ce navigateur pendant {count} jours',
    other: 'Mémoriser ce navigateur pendant {count} jours',
  },
  'login.remember.hours': {
    one: 'Mémoriser ce navigateur pendant {count} heure',
    many: 'Mémoriser ce navigateur pendant {count} heures',
    other: 'Mémoriser ce navigateur pendant {count} heures',
  },
  'login.remember.minutes': {
    one: 'Mémoriser ce navigateur pendant {count} minute',
    many: 'Mémoriser ce navigateur pendant {count} minutes',
    other: 'Mémoriser ce navigateur pendant {count} minutes',
  },
  'login.remember.hint':
    'Uniquement sur un appareil que personne d’autre n’utilise. La connexion sur ce navigateur ne demandera alors que votre mot de passe. Vous pourrez oublier ce navigateur plus tard, dans les paramètres de votre compte.',
  'login.otherMethods.heading': 'Autres moyens de confirmer votre identité',
  'login.otherMethods.use': 'Utiliser l’appareil « {device} »',
  'login.otherMethods.send': 'Envoyer un code à l’appareil « {device} »',
  'login.otherMethods.backup': 'Utiliser un code de secours',

  'login.backup.title': 'Utiliser un code de secours',
  'login.backup.intro':
    'Saisissez l’un des codes de secours que vous avez enregistrés lors de la configuration de l’authentification à deux facteurs. Chaque code ne fonctionne qu’une seule fois.',
  'login.backup.field': 'Code de secours',
  'login.backup.hint': 'Lettres et chiffres, tels qu’imprimés. Les espaces et les tirets sont ignorés.',
  'login.backup.back': 'Utiliser plutôt l’un de vos appareils',

  'login.verify.noDevicesSetUp':
    'Cette page exige l’authentification à deux facteurs, mais aucun appareil n’est encore configuré pour votre compte. La configuration ne prend qu’une minute.',
  'login.action.setUp': 'Configurer l’authentification à deux facteurs',
  'login.setupRequired': 'Votre compte doit utiliser l’authentification à deux facteurs. Configurez-la pour continuer.',

  'login.error.deviceNotAvailable': 'Cet appareil ne peut pas être utilisé ici. Choisissez l’un de vos propres appareils.',
  'login.error.sendLimit': 'Trop de codes ont été envoyés récemment. Vous pourrez en demander un nouveau {relative} ({time}).',
  'login.error.noLoginInProgress': 'Aucune connexion n’est en cours. Commencez par saisir votre identifiant et votre mot de passe.',

  // Sign-in with codes sent by text message, voice call or e-mail (issue 5): where the code went, resending.
  'delivery.sent.sms': 'Nous avons envoyé un SMS contenant un code au {destination}.',
  'delivery.sent.call': 'Nous appelons le {destination} : une voix va vous lire un code.',
  'delivery.sent.email': 'Nous avons envoyé un e-mail contenant un code à {destination}.',
  'delivery.sent.other': 'Nous avons envoyé un code à {destination}.',
  'delivery.sent.generic': 'Nous vous avons envoyé un code.',
  'delivery.enter.sms': 'Saisissez le code du SMS que nous avons envoyé au {destination}.',
  'delivery.enter.call': 'Saisissez le code que la voix vous a lu lors de notre appel au {destination}.',
  'delivery.enter.email': 'Saisissez le code de l’e-mail que nous avons envoyé à {destination}.',
  'delivery.enter.other': 'Saisissez le code que nous avons envoyé à {destination}.',
  'delivery.enter.generic': 'Saisissez le code que nous vous avons envoyé.',
  'delivery.ask.sms': 'Demandez l’envoi d’un SMS contenant un code au {destination}, puis saisissez ce code ici.',
  'delivery.ask.call': 'Demandez un appel au {destination} : une voix vous lira un code à saisir ici.',
  'delivery.ask.email': 'Demandez l’envoi d’un e-mail contenant un code à {destination}, puis saisissez ce code ici.',
  'delivery.ask.other': 'Demandez l’envoi d’un code à {destination}, puis saisissez-le ici.',
  'login.token.resend': 'Envoyer un nouveau code',
  'login.token.nextCodeAt': 'Vous pourrez demander un nouveau code {relative} ({time}).',

  'api.error.unsupportedMediaType': 'Envoyez le corps de la requête en JSON, avec l’en-tête Content-Type: application/json.',
  'api.error.badRequest': 'Le corps de la requête n’a pas pu être lu : il doit s’agir d’un objet JSON contenant les champs documentés.',
  'api.error.tooLarge': 'Le corps de la requête est trop volumineux.',
  'api.error.csrf':
    'La requête a été refusée : l’en-tête X-CSRF-Token est absent ou périmé, ou la requête provient d’un autre site. Obtenez un nouveau jeton auprès du point de terminaison de session.',

  'admin.title': 'Appareils d’authentification à deux facteurs',
  'admin.userTitle': 'Appareils de {user}',
  'admin.deleteTitle': 'Supprimer un appareil',
  'admin.codesTitle': 'Nouveaux codes de secours',
  'admin.forbiddenTitle': 'Réservé au personnel',
  'admin.notFoundTitle': 'Introuvable',
  'admin.errorTitle': 'Une erreur est survenue',

  'admin.nav.home': 'Tous les appareils',
  'admin.nav.signedInAs': 'Session ouverte au nom de {username}',
  'admin.nav.signOut': 'Se déconnecter',
  'admin.forbidden.switch': 'Se déconnecter, pour se connecter avec un compte du personnel',

  'admin.search.label': 'L’identifiant utilisateur contient',
  'admin.search.hint': 'Laissez ce champ vide pour afficher tous les utilisateurs qui ont un appareil.',
  'admin.search.submit': 'Rechercher',
  'admin.search.results': '{devices} pour {users}',
  'admin.search.devices': { one: '{count} appareil', many: '{count} appareils', other: '{count} appareils' },
  'admin.search.users': { one: '{count} utilisateur', many: '{count} utilisateurs', other: '{count} utilisateurs' },
  'admin.search.none': 'Aucun appareil ne correspond.',
  'admin.search.noneFor': 'Aucun appareil n’appartient à un utilisateur dont l’identifiant contient « {query} ».',
  'admin.search.truncated': 'Seuls les {count} premiers appareils sont affichés : affinez la recherche.',
  'admin.search.usersWithoutDevices': 'Utilisateurs sans appareil',

  'admin.column.user': 'Utilisateur',
  'admin.column.device': 'Appareil',
  'admin.column.kind': 'Type',
  'admin.column.status': 'Statut',
  'admin.column.lastUsed': 'Dernière utilisation',

  'admin.status.confirmed': 'Actif',
  'admin.status.unconfirmed': 'En attente de confirmation',
  'admin.status.locked': 'Suspendu jusqu’au {time}',
  'admin.status.failures': {
    one: '{count} tentative échouée',
    many: '{count} tentatives échouées',
    other: '{count} tentatives échouées',
  },
  'admin.never': 'jamais',

  'admin.create.heading': 'Ajouter un appareil',
  'admin.create.intro':
    'Le nouvel appareil reste inactif tant qu’un de ses codes n’a pas été saisi sous son code QR : une clé mal saisie ne peut donc bloquer personne.',
  'admin.create.user': 'Identifiant utilisateur',
  'admin.create.kind': 'Type',
  'admin.create.name': 'Nom de l’appareil',
  'admin.create.nameHint': 'Affiché à l’utilisateur lorsqu’il choisit un appareil, par exemple « Téléphone ».',
  'admin.create.submit': 'Ajouter l’appareil',
  'admin.kind.totp': 'Application d’authentification, basée sur le temps (TOTP)',
  'admin.kind.hotp': 'Jeton basé sur un compteur (HOTP)',
  'admin.kind.backup-codes': 'Codes de secours',
  'admin.noDevices': 'Cet utilisateur n’a encore aucun appareil d’authentification à deux facteurs.',

  'admin.detail.user': 'Utilisateur',
  'admin.detail.kind': 'Type',
  'admin.detail.status': 'Statut',
  'admin.detail.created': 'Créé le',
  'admin.detail.lastUsed': 'Dernière utilisation',
  'admin.detail.failures': 'Tentatives échouées',
  'admin.detail.codesLeft': 'Codes restants',
  'admin.detail.settings': 'Paramètres',
  'admin.detail.settingsTotp': '{digits} chiffres, un nouveau code toutes les {step} secondes, {algorithm}',
  'admin.detail.settingsHotp': '{digits} chiffres, compteur suivant : {counter}, {algorithm}',

  'admin.setup.heading': 'Configurer l’appareil',
  'admin.setup.scan': 'Scannez ce code QR avec l’application d’authentification, ou saisissez la clé manuellement.',
  'admin.setup.qrAlt': 'Code QR de configuration de l’appareil « {name} »',
  'admin.setup.key': 'Clé',
  'admin.setup.keyHint': 'Les espaces ne servent qu’à faciliter la lecture ; les applications acceptent la clé avec ou sans espaces.',
  'admin.setup.unavailable':
    'La clé de cet appareil ne peut pas être affichée (son type n’a pas d’URI de provisionnement, ou le nom du compte est inutilisable).',
  'admin.setup.confirmedWarning':
    'Cet appareil est déjà actif : sa clé n’est affichée que parce que ce site active showSecretsOfConfirmedDevices. Quiconque la voit peut générer des codes.',
  'admin.setup.hidden':
    'La clé d’un appareil actif n’est plus jamais affichée. Pour faire passer l’utilisateur sur un nouveau téléphone, ajoutez un nouvel appareil et supprimez celui-ci.',
  'admin.confirm.heading': 'Confirmer l’appareil',
  'admin.confirm.intro': 'Saisissez le code que l’application affiche à présent. L’appareil devient actif dès qu’un code est accepté.',
  'admin.confirm.token': 'Code de l’application',
  'admin.confirm.submit': 'Confirmer',

  'admin.rename.heading': 'Renommer',
  'admin.rename.label': 'Nouveau nom',
  'admin.rename.submit': 'Renommer',
  'admin.throttle.heading': 'Limitation des tentatives',
  'admin.throttle.intro':
    'Chaque tentative échouée allonge le délai d’attente de l’appareil avant un nouvel essai. Ne réinitialisez qu’une fois l’auteur des tentatives identifié.',
  'admin.throttle.submit': 'Réinitialiser la limitation',
  'admin.throttle.none': 'Aucune tentative échouée depuis la dernière réussite.',

  'admin.codes.heading': 'Codes de secours',
  'admin.codes.intro':
    'Des codes à usage unique, pour les cas où l’appareil habituel n’est pas à portée de main. Ils sont stockés sous forme hachée et affichés une seule fois, à leur création.',
  'admin.codes.count': { one: '{count} code restant.', many: '{count} codes restants.', other: '{count} codes restants.' },
  'admin.codes.noneYet': 'Aucun code de secours pour l’instant.',
  'admin.codes.add': 'Ajouter un code',
  'admin.codes.regenerate': 'Remplacer tous les codes par une nouvelle série',
  'admin.codes.regenerateHint': 'Tous les anciens codes de secours de cet utilisateur cessent de fonctionner.',
  'admin.codes.shownOnce':
    'Remettez dès maintenant ces codes à {user}, par un canal sûr. Ils ne sont pas stockés sous forme lisible et ne seront plus affichés. Chacun ne fonctionne qu’une fois.',
  'admin.codes.added': 'Un code de secours a été ajouté pour {user}. Il n’est pas stocké sous forme lisible et ne sera plus affiché.',
  'admin.codes.back': 'Terminé, retour à l’utilisateur',

  'admin.delete.link': 'Supprimer cet appareil…',
  'admin.delete.question': 'Supprimer l’appareil « {name} » de {user} ?',
  'admin.delete.consequence':
    'Ses codes cessent immédiatement de fonctionner, partout. S’il s’agissait du seul appareil de l’utilisateur, celui-ci pourra se connecter avec son seul mot de passe jusqu’à l’ajout d’un nouvel appareil.',
  'admin.delete.submit': 'Supprimer',
  'admin.delete.cancel': 'Annuler',

  'admin.notice.created': 'Appareil « {name} » ajouté pour {user}. Il deviendra actif une fois confirmé par un code.',
  'admin.notice.confirmed': 'L’appareil « {name} » est confirmé et actif. Sa clé ne sera plus affichée.',
  'admin.notice.renamed': 'Appareil renommé en « {name} ».',
  'admin.notice.throttleReset': 'La limitation des tentatives de l’appareil « {name} » a été réinitialisée.',
  'admin.notice.deleted': 'L’appareil « {name} » de {user} a été supprimé.',

  'admin.error.heading': 'Il y a un problème',
  'admin.error.forbidden':
    'Cet espace est réservé au personnel. Votre session est ouverte au nom de {username}, qui n’est pas un compte du personnel.',
  'admin.error.notFound': 'L’appareil ou la page demandés n’existent pas. Ils ont peut-être été supprimés.',
  'admin.error.secretHidden': 'La clé d’un appareil actif n’est pas affichée.',
  'admin.error.csrf': 'Ce formulaire a expiré ou a été envoyé depuis un autre site. Revenez en arrière, rechargez la page, puis réessayez.',
  'admin.error.badRequest': 'Le formulaire n’a pas pu être lu. Rechargez la page, puis réessayez.',
  'admin.error.tooLarge': 'Le formulaire est trop volumineux.',
  'admin.error.methodNotAllowed': 'Cette adresse n’accepte pas ce type de requête.',
  'admin.error.userRequired': 'Saisissez l’identifiant de l’utilisateur.',
  'admin.error.unknownUser': 'Aucun utilisateur n’a l’identifiant « {user} ».',
  'admin.error.badKind': 'Choisissez l’un des types proposés.',
  'admin.error.badName': 'Le nom d’un appareil compte de 1 à 64 caractères, sans saut de ligne.',
  'admin.error.tokenRequired': 'Saisissez le code affiché par l’application.',
  'admin.error.invalidToken':
    'Ce code n’a pas été accepté. Vérifiez que l’application affiche bien cet appareil, et que l’horloge du téléphone est à l’heure.',
  'admin.error.throttled': {
    one: 'La vérification est suspendue après {count} tentative échouée. Réessayez {relative} ({time}), ou réinitialisez la limitation ci-dessous.',
    many: 'La vérification est suspendue après {count} tentatives échouées. Réessayez {relative} ({time}), ou réinitialisez la limitation ci-dessous.',
    other: 'La vérification est suspendue après {count} tentatives échouées. Réessayez {relative} ({time}), ou réinitialisez la limitation ci-dessous.',
  },
  'admin.error.alreadyConfirmed': 'Cet appareil est déjà confirmé.',
  'admin.error.deviceUnusable': 'Cet appareil est illisible (données corrompues ou clé de chiffrement manquante). Supprimez-le, puis ajoutez-en un nouveau.',
  'admin.error.tooManyCodes':
    'Cet utilisateur a déjà le nombre maximal de codes de secours autorisé. Remplacez-les plutôt par une nouvelle série.',
  'admin.error.noBackupCodes': 'Les codes de secours ne sont pas activés sur ce site.',
  'admin.error.internal': 'La requête a échoué. Aucune information confidentielle n’a été affichée ; le journal du serveur contient les détails.',

  // Account: codes by text message, voice call and e-mail (setup, backup phone numbers)
  'account.method.sms': 'Par SMS',
  'account.method.call': 'Par appel vocal',
  'account.method.email': 'Par e-mail',
  'account.method.sms.hint':
    'Nous vous envoyons un code par SMS à chaque connexion. Pratique, mais un numéro de téléphone peut être détourné : une application est plus sûre.',
  'account.method.call.hint': 'Nous vous appelons et une voix vous lit le code. Cela fonctionne aussi avec un téléphone fixe.',
  'account.method.email.hint':
    'Nous vous envoyons un code par e-mail à chaque connexion. Quiconque peut lire votre boîte mail peut aussi lire le code : gardez plutôt ce moyen en secours.',
  'account.defaultName.phone': 'Téléphone se terminant par {digits}',
  'account.defaultName.email': 'E-mail à {address}',
  'account.destination.sms': 'SMS au {destination}',
  'account.destination.call': 'Appel au {destination}',
  'account.destination.email': 'E-mail à {destination}',
  'account.setup.addPhoneTitle': 'Ajouter un numéro de téléphone de secours',
  'account.setup.addEmailTitle': 'Ajouter une adresse e-mail pour les codes',
  'account.setup.phoneIntro':
    'Saisissez le numéro de téléphone qui doit recevoir vos codes. Nous y envoyons tout de suite un code, pour vérifier qu’il vous parvient.',
  'account.setup.emailIntro':
    'Saisissez l’adresse e-mail qui doit recevoir vos codes. Nous y envoyons tout de suite un code, pour vérifier qu’il vous parvient.',
  'account.setup.channelLegend': 'Comment le code doit-il parvenir à ce numéro ?',
  'account.setup.codeSetupExpiresAt': 'Si vous ne terminez pas, cette configuration sera annulée {relative} ({time}).',
  'account.setup.nextCodeAt': 'Rien reçu ? Vous pourrez demander un nouveau code {relative} ({time}).',
  'account.setup.noCode': 'Rien reçu ? Demandez un nouveau code.',
  'account.field.number': 'Numéro de téléphone',
  'account.field.number.hint': 'Commencez par + et l’indicatif du pays si le numéro est étranger, par exemple +33 6 12 34 56 78.',
  'account.field.address': 'Adresse e-mail',
  'account.field.address.hint': 'Par exemple nom@exemple.fr.',
  'account.field.sentCode': 'Code reçu',
  'account.field.sentCode.hint': 'Les chiffres du message que nous vous avons envoyé. Les espaces n’ont pas d’importance.',
  'account.field.sentCode.callHint': 'Les chiffres que la voix vous a lus.',
  'account.action.sendFirstCode': 'M’envoyer un code',
  'account.action.resendCode': 'Envoyer un nouveau code',
  'account.action.changeNumber': 'Utiliser un autre numéro',
  'account.action.changeAddress': 'Utiliser une autre adresse',
  'account.action.addPhone': 'Ajouter un numéro de téléphone de secours',
  'account.profile.phonesHeading': 'Numéros de téléphone de secours',
  'account.profile.phonesIntro':
    'Si votre appareil habituel n’est pas à portée de main, vous pouvez vous faire envoyer un code à l’un de ces numéros.',
  'account.profile.phonesNone': 'Vous n’avez aucun numéro de téléphone de secours.',
  'account.error.numberRequired': 'Saisissez un numéro de téléphone.',
  'account.error.numberInvalid': 'Ce numéro de téléphone n’est pas utilisable. Vérifiez les chiffres, sans lettres ni numéro de poste.',
  'account.error.numberCountryCode': 'Commencez le numéro par + et l’indicatif du pays, par exemple +33 6 12 34 56 78.',
  'account.error.numberRegion': 'Nous ne pouvons pas envoyer de codes aux numéros de ce pays. Utilisez un numéro d’un autre pays.',
  'account.error.numberType':
    'Ce numéro ne peut pas recevoir de codes : les numéros surtaxés et à coûts partagés ne sont pas acceptés. Utilisez un numéro mobile ou une ligne fixe ordinaire.',
  'account.error.numberTaken': 'Ce numéro reçoit déjà des codes de cette façon : c’est l’un de vos appareils.',
  'account.error.addressRequired': 'Saisissez une adresse e-mail.',
  'account.error.addressTooLong': 'Cette adresse est trop longue : elle peut compter au plus 254 caractères.',
  'account.error.addressInvalid': 'Cette adresse e-mail n’est pas utilisable. Vérifiez-la : elle doit ressembler à nom@exemple.fr.',
  'account.error.addressTaken': 'Cette adresse reçoit déjà des codes : c’est l’un de vos appareils.',
  'account.error.codeRequired': 'Saisissez le code que nous vous avons envoyé.',
  'account.error.codeInvalid': 'Ce code n’est pas le bon, ou il a expiré. Vérifiez-le, ou demandez un nouveau code.',
  'account.error.codeCooldown': 'Un code vient d’être envoyé. Vous pourrez en demander un nouveau {relative} ({time}).',
  'account.error.sendLimit': 'Trop de codes ont été envoyés récemment. Vous pourrez en demander un nouveau {relative} ({time}).',
  'account.error.sendFailed':
    'Nous n’avons pas pu envoyer le code pour le moment. Vérifiez le numéro ou l’adresse, patientez un instant, puis réessayez.',

  // Account polish: one set of "code sent" messages (delivery.resent.*), remembered-browser summaries, phone risk notice
  'delivery.resent.sms': 'Nous avons envoyé un nouveau SMS au {destination}. Seul le code le plus récent fonctionne.',
  'delivery.resent.call': 'Nous rappelons le {destination} avec un nouveau code. Seul le code le plus récent fonctionne.',
  'delivery.resent.email': 'Nous avons envoyé un nouvel e-mail à {destination}. Seul le code le plus récent fonctionne.',
  'delivery.resent.other': 'Nous avons envoyé un nouveau code à {destination}. Seul le code le plus récent fonctionne.',
  'delivery.resent.generic': 'Nous vous avons envoyé un nouveau code. Seul le code le plus récent fonctionne.',
  'account.profile.browserOn': '{browser} sur {system}',
  'account.profile.browserUnknown': 'Navigateur inconnu',
  'account.setup.phoneRisk':
    'Les codes envoyés à un numéro de téléphone ne sont pas plus sûrs que ce numéro : une personne qui obtient de votre opérateur qu’il le transfère sur sa carte SIM ou chez un autre opérateur reçoit aussi vos codes. Une application d’authentification est plus sûre ; gardez ce numéro en secours si vous le pouvez.',
  'account.action.copyKey': 'Copier la clé',
  'account.action.copyCodes': 'Copier les codes',
  'account.action.print': 'Imprimer',
  'account.notice.copied': 'Copié.',
  'account.action.openApp': 'Ouvrir dans l’application d’authentification',
  'account.backupCodes.fileHeaderSite': 'Codes de secours pour {account} sur {site}',
  'account.setup.resendReady': 'Rien reçu ? Vous pouvez maintenant demander un nouveau code.',
  'account.profile.thisBrowser': 'Ce navigateur',
  'login.token.resendReady': 'Vous pouvez maintenant demander un nouveau code.',
  'login.otherMethods.pointer': 'Ou utilisez l’un des autres moyens ci-dessous.',
};
