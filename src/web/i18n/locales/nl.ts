/**
 * Dutch (`nl`) translation of every twofold message id. The reader is
 * addressed informally ("je"), as modern Dutch websites do. Fixed terms:
 * code, apparaat, back-upcode, authenticator-app, tweestapsverificatie,
 * deze browser onthouden, inloggen / uitloggen.
 */
import type { MessageText } from '../text.js';

/** Dutch texts, by message id; plural messages have the forms `one` and `other`. */
export const nl: Readonly<Record<string, MessageText>> = {
  // Sign-in pages
  'page.login.title': 'Inloggen',
  'page.loginToken.title': 'Voer je code in',
  'page.token.title': 'Bevestig dat jij het bent',
  'page.logout.title': 'Uitloggen',
  'page.error.title': 'Er ging iets mis',
  'page.forbidden.title': 'Verzoek geweigerd',

  'field.username': 'Gebruikersnaam',
  'field.password': 'Wachtwoord',
  'field.device': 'Apparaat',
  'field.token': 'Code',
  'field.token.hint': 'De code die je authenticator-app toont, een code die we je hebben gestuurd, of een van je back-upcodes.',

  'action.signIn': 'Inloggen',
  'action.verify': 'Controleren',
  'action.sendCode': 'Stuur mij een code',
  'action.otherAccount': 'Ander account gebruiken',
  'action.signOut': 'Uitloggen',
  'action.backToSignIn': 'Terug naar inloggen',

  'errors.heading': 'Er is een probleem',

  'login.signingInAs': 'Je logt in als {username}.',
  'login.passwordAccepted': 'Je wachtwoord is juist. Voer nu de code van een van je apparaten in.',
  'token.signedInAs': 'Je bent ingelogd als {username}.',
  'token.intro': 'Voor deze pagina is een tweede stap nodig: voer een code van een van je apparaten in.',
  'token.noDevices':
    'Voor deze pagina is tweestapsverificatie nodig, maar er is nog geen apparaat voor ingesteld op je account. Vraag een beheerder om er een toe te voegen.',
  'logout.confirm': 'Wil je uitloggen op dit apparaat?',

  'error.credentialsRequired': 'Voer je gebruikersnaam en je wachtwoord in.',
  'error.badCredentials':
    'De gebruikersnaam of het wachtwoord klopt niet. Controleer beide (let op hoofdletters en kleine letters) en probeer het opnieuw.',
  'error.pendingExpired': 'Het inloggen duurde te lang en is afgebroken. Voer je gebruikersnaam en wachtwoord opnieuw in.',
  'error.tokenRequired': 'Voer de code van je apparaat in.',
  'error.invalidToken': 'Die code is niet geaccepteerd. Controleer de code en probeer het opnieuw.',
  'error.throttled': {
    one: 'Na {count} mislukte poging kun je even geen code invoeren. Je kunt het {relative} opnieuw proberen ({time}).',
    other: 'Na {count} mislukte pogingen kun je even geen code invoeren. Je kunt het {relative} opnieuw proberen ({time}).',
  },
  'error.notInteractive': 'Dit apparaat verstuurt geen codes: voer in plaats daarvan de code in die het apparaat toont.',
  'error.cooldown': 'Er is net een code verstuurd. Je kunt {relative} een nieuwe aanvragen ({time}).',
  'error.challengeFailed': 'We konden je op dit moment geen code sturen. Wacht even en probeer het opnieuw.',
  'error.deviceUnusable': 'Dit apparaat kan nu niet worden gebruikt. Kies een ander apparaat of vraag een beheerder om hulp.',
  'error.csrf': 'Dit formulier is verlopen of is vanaf een andere site verstuurd. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  'error.badRequest': 'Het formulier kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.',
  'error.tooLarge': 'Het formulier is te groot.',
  'error.cookiesRequired': 'Inloggen werkt alleen met cookies, en deze browser stuurde onze cookie niet terug. Sta cookies toe voor deze site, laad de pagina opnieuw en probeer het nog eens.',
  'verification.expired.idle.minutes': {
    one: 'Je verificatie is verlopen na {count} minuut zonder activiteit. Voer opnieuw een code in om verder te gaan.',
    other: 'Je verificatie is verlopen na {count} minuten zonder activiteit. Voer opnieuw een code in om verder te gaan.',
  },
  'verification.expired.idle.hours': {
    one: 'Je verificatie is verlopen na {count} uur zonder activiteit. Voer opnieuw een code in om verder te gaan.',
    other: 'Je verificatie is verlopen na {count} uur zonder activiteit. Voer opnieuw een code in om verder te gaan.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Je verificatie is verlopen: een code geldt {count} minuut. Voer opnieuw een code in om verder te gaan.',
    other: 'Je verificatie is verlopen: een code geldt {count} minuten. Voer opnieuw een code in om verder te gaan.',
  },
  'verification.expired.absolute.hours': {
    one: 'Je verificatie is verlopen: een code geldt {count} uur. Voer opnieuw een code in om verder te gaan.',
    other: 'Je verificatie is verlopen: een code geldt {count} uur. Voer opnieuw een code in om verder te gaan.',
  },

  // Account pages
  'account.profile.title': 'Tweestapsverificatie',
  'account.profile.on': 'Tweestapsverificatie staat aan: bij het inloggen vragen we naast je wachtwoord ook om een code.',
  'account.profile.off':
    'Tweestapsverificatie staat uit. Zet het aan, zodat niemand met alleen een gestolen wachtwoord in je account kan komen.',
  'account.profile.primary': 'Bij het inloggen vragen we eerst om een code van {name}.',
  'account.profile.devicesHeading': 'Je apparaten',
  'account.profile.deviceAdded': 'Toegevoegd op {date}',
  'account.profile.deviceLastUsed': 'Laatst gebruikt op {date}',
  'account.profile.deviceNeverUsed': 'Nog niet gebruikt',
  'account.profile.primaryBadge': 'Hoofdapparaat',
  'account.profile.backupHeading': 'Back-upcodes',
  'account.profile.backupRemaining': {
    one: 'Je hebt nog {count} ongebruikte back-upcode.',
    other: 'Je hebt nog {count} ongebruikte back-upcodes.',
  },
  'account.profile.backupNone':
    'Je hebt geen ongebruikte back-upcodes meer. Zonder back-upcodes kun je buitengesloten raken als je je telefoon kwijtraakt.',
  'account.profile.rememberedHeading': 'Onthouden browsers',
  'account.profile.rememberedIntro':
    'Deze browsers slaan de code bij het inloggen over tot hun tijd verloopt. Vergeet browsers die je niet meer gebruikt.',
  'account.profile.rememberedNone': 'Er worden geen browsers onthouden.',
  'account.profile.rememberedEntry': 'Onthouden op {date} met {device}',
  'account.profile.rememberedUntil': 'Tot {date}',
  'account.profile.turnOffHeading': 'Uitzetten',

  'account.kind.totp': 'Authenticator-app',
  'account.kind.hotp': 'Hardwaretoken',
  'account.kind.backup-codes': 'Back-upcodes',
  'account.kind.email': 'E-mail',
  'account.kind.phone': 'Telefoon',
  'account.kind.other': 'Apparaat van het type {kind}',
  'account.method.totp.hint':
    'Een app op je telefoon, zoals Google Authenticator, Microsoft Authenticator, Aegis of 1Password, toont elke 30 seconden een nieuwe code.',
  'account.method.hotp.hint': 'Een token of app die een nieuwe code toont telkens als je op de knop drukt.',
  'account.method.other.hint': 'Een apparaat dat codes toont zodra je het een sleutel geeft.',
  'account.defaultName.numbered': '{name} {number}',

  'account.setup.title': 'Tweestapsverificatie instellen',
  'account.setup.addTitle': 'Nog een apparaat toevoegen',
  'account.setup.welcome':
    'Tweestapsverificatie beschermt je account: naast je wachtwoord vragen we bij het inloggen om een code die alleen je telefoon kan tonen.',
  'account.setup.welcomeAnother': 'Je voegt nog een apparaat toe. Met elk van je apparaten kun je afzonderlijk inloggen.',
  'account.setup.methodLegend': 'Hoe wil je je codes ontvangen?',
  'account.setup.noMethod': 'Op deze site is geen manier beschikbaar om tweestapsverificatie in te stellen. Vraag het een beheerder.',
  'account.setup.scan': 'Scan deze QR-code met de app.',
  'account.setup.qrAlt': 'QR-code met de sleutel voor je authenticator-app',
  'account.setup.manual': 'Lukt scannen niet? Typ dan deze sleutel in de app, als tijdgebaseerde sleutel:',
  'account.setup.manualCounter': 'Lukt scannen niet? Typ dan deze sleutel in de app, als tellergebaseerde sleutel:',
  'account.setup.keyLabel': 'Sleutel',
  'account.setup.confirmIntro': 'Voer daarna de code in die de app toont, zodat we weten dat het werkt.',
  'account.setup.expiresAt': 'Deze sleutel verloopt {relative} ({time}) als je niet afrondt.',
  'account.setupDone.title': 'Tweestapsverificatie staat aan',
  'account.setupDone.text': 'Vanaf nu vragen we bij het inloggen na je wachtwoord om een code van {name}.',
  'account.setupDone.textAdded': '{name} is klaar. Bij het inloggen wordt nog steeds eerst om {primary} gevraagd; {name} staat bij de andere manieren om te bevestigen dat u het bent, en op uw profiel kunt u er uw hoofdapparaat van maken.',
  'account.setupDone.backupCodes':
    'Raak je je telefoon kwijt, dan kom je met back-upcodes weer in je account. Maak ze nu aan en bewaar ze op een veilige plek.',
  'account.setupDone.hasBackupCodes': {
    one: 'Je hebt nog {count} ongebruikte back-upcode.',
    other: 'Je hebt nog {count} ongebruikte back-upcodes.',
  },

  'account.rename.title': 'Apparaat een andere naam geven',
  'account.rename.current': 'Het heet nu {name}.',
  'account.remove.title': 'Apparaat verwijderen',
  'account.remove.confirm': '{name} verwijderen? De codes ervan werken dan meteen niet meer.',
  'account.remove.primaryNote': '{name} is je hoofdapparaat: {next} neemt die plaats over.',
  'account.backupCodes.title': 'Back-upcodes',
  'account.backupCodes.intro': 'Met elke back-upcode kun je één keer inloggen, voor als je gewone apparaat niet bij de hand is.',
  'account.backupCodes.regenerateWarning': 'Als je een nieuwe set aanmaakt, vervallen alle codes die je nu hebt.',
  'account.backupCodes.issuedTitle': 'Je nieuwe back-upcodes',
  'account.backupCodes.issuedIntro':
    'Bewaar deze codes nu: druk ze af of zet ze in een wachtwoordmanager. Dit is de enige keer dat ze worden getoond.',
  'account.backupCodes.issuedOld': 'Back-upcodes die je eerder had, werken niet meer.',
  'account.backupCodes.listLabel': 'Je back-upcodes',
  'account.backupCodes.fileHeader': 'Back-upcodes voor {account}',
  'account.backupCodes.fileIntro': 'Elke code werkt één keer. Aangemaakt op {date}.',
  'account.disable.title': 'Tweestapsverificatie uitzetten',
  'account.disable.warning':
    'Zonder tweede stap kan iedereen die je wachtwoord kent als jou inloggen. Al je apparaten, back-upcodes en onthouden browsers worden verwijderd.',
  'account.reauth.title': 'Bevestig dat jij het bent',
  'account.reauth.intro': 'Voer een code van een van je apparaten in voordat je wijzigt hoe je account is beveiligd.',

  'account.field.method': 'Methode',
  'account.field.name': 'Naam van het apparaat',
  'account.field.name.hint': 'Zodat je je apparaten uit elkaar kunt houden, bijvoorbeeld “Telefoon werk”.',
  'account.field.setupCode': 'Code uit de app',
  'account.field.setupCode.hint': 'Het getal dat de app bij deze nieuwe invoer toont, zonder spaties.',
  'account.field.understand': 'Ja, ik weet het zeker',

  'account.action.begin': 'Doorgaan',
  'account.action.confirmSetup': 'Bevestigen en aanzetten',
  'account.action.confirmAdd': 'Bevestigen en apparaat toevoegen',
  'account.action.cancelSetup': 'Annuleren',
  'account.action.setUp': 'Tweestapsverificatie instellen',
  'account.action.addDevice': 'Nog een apparaat toevoegen',
  'account.action.rename': 'Naam wijzigen',
  'account.action.remove': 'Verwijderen',
  'account.action.makePrimary': 'Hoofdapparaat maken',
  'account.action.save': 'Opslaan',
  'account.action.backupCodes': 'Back-upcodes beheren',
  'account.action.generateCodes': 'Nieuwe back-upcodes aanmaken',
  'account.action.generateFirstCodes': 'Back-upcodes aanmaken',
  'account.action.download': 'Downloaden als tekstbestand',
  'account.action.savedCodes': 'Ik heb mijn codes bewaard',
  'account.action.disable': 'Tweestapsverificatie uitzetten',
  'account.action.forgetBrowser': 'Vergeten',
  'account.action.backToProfile': 'Terug naar instellingen voor tweestapsverificatie',
  'account.action.continue': 'Doorgaan',
  'account.action.later': 'Niet nu',

  'account.notice.renamed': 'Het apparaat heet nu {name}.',
  'account.notice.removed': '{name} is verwijderd.',
  'account.notice.primary': '{name} is nu je hoofdapparaat.',
  'account.notice.disabled': 'Tweestapsverificatie is uitgezet. Je apparaten en back-upcodes zijn verwijderd.',
  'account.notice.deviceAdded': '{name} is toegevoegd.',
  'account.notice.browserForgotten': 'Die browser wordt niet meer onthouden: als je daar weer inlogt, vragen we om een code.',

  'account.error.nameRequired': 'Geef het apparaat een naam.',
  'account.error.nameTooLong': 'De naam mag maximaal {max} tekens hebben.',
  'account.error.nameInvalid': 'De naam mag geen regeleinden of andere stuurtekens bevatten.',
  'account.error.methodRequired': 'Kies hoe je je codes wilt ontvangen.',
  'account.error.setupExpired': 'Het instellen duurde te lang en is daarom afgebroken. Begin opnieuw: je krijgt een nieuwe sleutel.',
  'account.error.setupMissing': 'Je bent in deze browser niet bezig met instellen. Begin opnieuw.',
  'account.error.setupCodeRequired': 'Voer de code in die de app toont.',
  'account.error.setupCodeInvalid':
    'Die code past niet bij de nieuwe sleutel. Controleer of je de nieuwe invoer in de app bekijkt en voer de code in die daar nu staat.',
  'account.error.setupThrottled': {
    one: 'Dat is {count} verkeerde code. Je kunt het {relative} opnieuw proberen ({time}).',
    other: 'Dat zijn {count} verkeerde codes op rij. Je kunt het {relative} opnieuw proberen ({time}).',
  },
  'account.error.understandRequired': 'Vink “Ja, ik weet het zeker” aan om tweestapsverificatie uit te zetten. Er is niets gewijzigd.',
  'account.error.lastDevice':
    'Dit is je enige apparaat, dus je kunt het niet los verwijderen. Voeg eerst een ander apparaat toe, of zet tweestapsverificatie uit.',
  'account.error.deviceNotFound': 'Dat apparaat is niet van jou, of het is verwijderd.',
  'account.error.notEnabled': 'Tweestapsverificatie staat uit voor je account, dus hier valt niets te wijzigen.',
  'account.api.loginRequired': 'Log eerst in.',
  'account.api.otpRequired': 'Voer eerst een code van een van je apparaten in.',
  'account.api.reauthenticationRequired':
    'Voor deze wijziging is een code nodig die in de afgelopen minuten is ingevoerd. Voer opnieuw een code van een van je apparaten in.',
  'account.api.confirmationRequired': 'Stuur "confirm": true mee om tweestapsverificatie uit te zetten. Er is niets gewijzigd.',
  'account.error.downloadExpired':
    'Back-upcodes kun je alleen direct na het aanmaken downloaden, in de browser waarin je ze hebt aangemaakt. Maak een nieuwe set aan om die te downloaden.',

  // Sign-in flows
  'login.token.instruction': 'Voer de code in die {device} toont.',
  'login.token.instructionSent': 'Vraag een code aan die naar {device} wordt gestuurd en voer die hier in.',
  'login.remember.days': {
    one: 'Deze browser {count} dag onthouden',
    other: 'Deze browser {count} dagen onthouden',
  },
  'login.remember.hours': {
    one: 'Deze browser {count} uur onthouden',
    other: 'Deze browser {count} uur onthouden',
  },
  'login.remember.minutes': {
    one: 'Deze browser {count} minuut onthouden',
    other: 'Deze browser {count} minuten onthouden',
  },
  'login.remember.hint':
    'Doe dit alleen op een apparaat dat je met niemand deelt. Bij het inloggen hier vragen we daarna alleen nog om je wachtwoord. Je kunt deze browser later vergeten in je accountinstellingen.',
  'login.otherMethods.heading': 'Andere manieren om te bevestigen dat jij het bent',
  'login.otherMethods.use': '{device} gebruiken',
  'login.otherMethods.send': 'Code sturen naar {device}',
  'login.otherMethods.backup': 'Back-upcode gebruiken',

  'login.backup.title': 'Back-upcode gebruiken',
  'login.backup.intro':
    'Voer een van de back-upcodes in die je hebt bewaard toen je tweestapsverificatie instelde. Elke code werkt maar één keer.',
  'login.backup.field': 'Back-upcode',
  'login.backup.hint': 'Letters en cijfers, zoals afgedrukt. Spaties en streepjes maken niet uit.',
  'login.backup.back': 'Toch een van je apparaten gebruiken',

  'login.verify.noDevicesSetUp':
    'Voor deze pagina is tweestapsverificatie nodig, maar er is nog geen apparaat voor ingesteld op je account. Instellen duurt maar een minuut.',
  'login.action.setUp': 'Tweestapsverificatie instellen',
  'login.setupRequired': 'Je account moet tweestapsverificatie gebruiken. Stel het in om verder te gaan.',

  'login.error.deviceNotAvailable': 'Dat apparaat kan hier niet worden gebruikt. Kies een van je eigen apparaten.',
  'login.error.sendLimit': 'Er zijn kort geleden te veel codes verstuurd. Je kunt {relative} een nieuwe aanvragen ({time}).',
  'login.error.noLoginInProgress': 'Je bent niet bezig met inloggen. Begin met je gebruikersnaam en wachtwoord.',

  // Sign-in with codes sent by text message, voice call or e-mail (issue 5): where the code went, resending.
  'delivery.sent.sms': 'We hebben een sms met een code gestuurd naar {destination}.',
  'delivery.sent.call': 'We bellen {destination} nu: een stem leest je een code voor.',
  'delivery.sent.email': 'We hebben een e-mail met een code gestuurd naar {destination}.',
  'delivery.sent.other': 'We hebben een code gestuurd naar {destination}.',
  'delivery.sent.generic': 'We hebben je een code gestuurd.',
  'delivery.enter.sms': 'Voer de code in uit de sms die we naar {destination} hebben gestuurd.',
  'delivery.enter.call': 'Voer de code in die de stem voorlas toen we {destination} belden.',
  'delivery.enter.email': 'Voer de code in uit de e-mail die we naar {destination} hebben gestuurd.',
  'delivery.enter.other': 'Voer de code in die we naar {destination} hebben gestuurd.',
  'delivery.enter.generic': 'Voer de code in die we je hebben gestuurd.',
  'delivery.ask.sms': 'Vraag een sms met een code naar {destination} aan en voer die code hier in.',
  'delivery.ask.call': 'Vraag een oproep naar {destination} aan: een stem leest een code voor die je hier invoert.',
  'delivery.ask.email': 'Vraag een e-mail met een code naar {destination} aan en voer die code hier in.',
  'delivery.ask.other': 'Vraag een code aan die naar {destination} wordt gestuurd en voer die hier in.',
  'login.token.resend': 'Nieuwe code sturen',
  'login.token.nextCodeAt': 'Je kunt {relative} een nieuwe code aanvragen ({time}).',

  'api.error.unsupportedMediaType': 'Stuur de body van het verzoek als JSON, met Content-Type: application/json.',
  'api.error.badRequest': 'De body van het verzoek kon niet worden gelezen: die moet een JSON-object zijn met de gedocumenteerde velden.',
  'api.error.tooLarge': 'De body van het verzoek is te groot.',
  'api.error.csrf':
    'Het verzoek is geweigerd: de header X-CSRF-Token ontbreekt of is verouderd, of het verzoek kwam van een andere site. Haal een nieuw token op bij het sessie-endpoint.',

  // Staff admin
  'admin.title': 'Apparaten voor tweestapsverificatie',
  'admin.userTitle': 'Apparaten van {user}',
  'admin.deleteTitle': 'Apparaat verwijderen',
  'admin.codesTitle': 'Nieuwe back-upcodes',
  'admin.forbiddenTitle': 'Alleen voor medewerkers',
  'admin.notFoundTitle': 'Niet gevonden',
  'admin.errorTitle': 'Er ging iets mis',

  'admin.nav.home': 'Alle apparaten',
  'admin.nav.signedInAs': 'Ingelogd als {username}',
  'admin.nav.signOut': 'Uitloggen',
  'admin.forbidden.switch': 'Uitloggen, om in te loggen met een medewerkersaccount',

  'admin.search.label': 'Gebruikers-id bevat',
  'admin.search.hint': 'Laat leeg om elke gebruiker met een apparaat te tonen.',
  'admin.search.submit': 'Zoeken',
  'admin.search.results': '{devices} van {users}',
  'admin.search.devices': { one: '{count} apparaat', other: '{count} apparaten' },
  'admin.search.users': { one: '{count} gebruiker', other: '{count} gebruikers' },
  'admin.search.none': 'Geen apparaten gevonden.',
  'admin.search.noneFor': 'Er is geen apparaat van een gebruiker met “{query}” in de id.',
  'admin.search.truncated': 'Alleen de eerste {count} apparaten worden getoond: maak de zoekopdracht specifieker.',
  'admin.search.usersWithoutDevices': 'Gebruikers zonder apparaat',

  'admin.column.user': 'Gebruiker',
  'admin.column.device': 'Apparaat',
  'admin.column.kind': 'Soort',
  'admin.column.status': 'Status',
  'admin.column.lastUsed': 'Laatst gebruikt',

  'admin.status.confirmed': 'Actief',
  'admin.status.unconfirmed': 'Wacht op bevestiging',
  'admin.status.locked': 'Gepauzeerd tot {time}',
  'admin.status.failures': { one: '{count} mislukte poging', other: '{count} mislukte pogingen' },
  'admin.never': 'nooit',

  'admin.create.heading': 'Authenticator toevoegen',
  'admin.create.intro':
    'Het nieuwe apparaat blijft inactief tot er een code van wordt ingevoerd onder de QR-code. Zo kan een verkeerd ingetypte sleutel niemand buitensluiten.',
  'admin.create.user': 'Gebruikers-id',
  'admin.create.kind': 'Soort',
  'admin.create.name': 'Naam van het apparaat',
  'admin.create.nameHint': 'Te zien voor de gebruiker bij het kiezen van een apparaat, bijvoorbeeld “Telefoon”.',
  'admin.create.submit': 'Apparaat toevoegen',
  'admin.kind.totp': 'Authenticator-app, tijdgebaseerd (TOTP)',
  'admin.kind.hotp': 'Tellergebaseerd token (HOTP)',
  'admin.kind.backup-codes': 'Back-upcodes',
  'admin.noDevices': 'Deze gebruiker heeft nog geen apparaat voor tweestapsverificatie.',

  'admin.detail.user': 'Gebruiker',
  'admin.detail.kind': 'Soort',
  'admin.detail.status': 'Status',
  'admin.detail.created': 'Aangemaakt',
  'admin.detail.lastUsed': 'Laatst gebruikt',
  'admin.detail.failures': 'Mislukte pogingen',
  'admin.detail.codesLeft': 'Resterende codes',
  'admin.detail.settings': 'Instellingen',
  'admin.detail.settingsTotp': '{digits} cijfers, elke {step} seconden een nieuwe code, {algorithm}',
  'admin.detail.settingsHotp': '{digits} cijfers, volgende tellerstand {counter}, {algorithm}',

  'admin.setup.heading': 'Authenticator instellen',
  'admin.setup.scan': 'Scan deze QR-code met de authenticator-app, of typ de sleutel zelf in.',
  'admin.setup.qrAlt': 'QR-code om het apparaat {name} in te stellen',
  'admin.setup.key': 'Sleutel',
  'admin.setup.keyHint': 'De spaties zijn alleen voor de leesbaarheid; apps accepteren de sleutel met en zonder spaties.',
  'admin.setup.unavailable':
    'De sleutel van dit apparaat kan niet worden getoond (dit soort apparaat heeft geen provisioning-URI, of de accountnaam is niet bruikbaar).',
  'admin.setup.confirmedWarning':
    'Dit apparaat is al actief: de sleutel wordt alleen getoond omdat deze site showSecretsOfConfirmedDevices aanzet. Iedereen die de sleutel ziet, kan codes maken.',
  'admin.setup.hidden':
    'De sleutel van een actief apparaat wordt nooit meer getoond. Gaat de gebruiker over op een nieuwe telefoon, voeg dan een nieuw apparaat toe en verwijder dit apparaat.',
  'admin.confirm.heading': 'Apparaat bevestigen',
  'admin.confirm.intro': 'Voer de code in die de app nu toont. Het apparaat wordt actief zodra een code is geaccepteerd.',
  'admin.confirm.token': 'Code uit de app',
  'admin.confirm.submit': 'Bevestigen',

  'admin.rename.heading': 'Naam wijzigen',
  'admin.rename.label': 'Nieuwe naam',
  'admin.rename.submit': 'Naam wijzigen',
  'admin.throttle.heading': 'Wachttijd',
  'admin.throttle.intro':
    'Na elke mislukte poging moet het apparaat steeds langer wachten tot de volgende. Hef de wachttijd pas op als je weet wie de pogingen deed.',
  'admin.throttle.submit': 'Wachttijd opheffen',
  'admin.throttle.none': 'Geen mislukte pogingen sinds de laatste geslaagde.',

  'admin.codes.heading': 'Back-upcodes',
  'admin.codes.intro':
    'Codes voor eenmalig gebruik, voor als het gewone apparaat niet bij de hand is. Ze worden gehasht opgeslagen en één keer getoond, bij het aanmaken.',
  'admin.codes.count': { one: 'Nog {count} code over.', other: 'Nog {count} codes over.' },
  'admin.codes.noneYet': 'Nog geen back-upcodes.',
  'admin.codes.add': 'Eén code toevoegen',
  'admin.codes.regenerate': 'Alle codes vervangen door een nieuwe set',
  'admin.codes.regenerateHint': 'Alle eerdere back-upcodes van deze gebruiker werken dan niet meer.',
  'admin.codes.shownOnce':
    'Geef deze codes nu aan {user}, via een veilig kanaal. Ze worden niet leesbaar opgeslagen en worden niet opnieuw getoond. Elke code werkt één keer.',
  'admin.codes.added':
    'Er is één back-upcode toegevoegd voor {user}. De code wordt niet leesbaar opgeslagen en wordt niet opnieuw getoond.',
  'admin.codes.back': 'Klaar, terug naar de gebruiker',

  'admin.delete.link': 'Dit apparaat verwijderen…',
  'admin.delete.question': 'Het apparaat “{name}” van {user} verwijderen?',
  'admin.delete.consequence':
    'De codes ervan werken meteen en overal niet meer. Was dit het enige apparaat van de gebruiker, dan kan de gebruiker met alleen het wachtwoord inloggen tot er een nieuw apparaat is toegevoegd.',
  'admin.delete.submit': 'Verwijderen',
  'admin.delete.cancel': 'Annuleren',

  'admin.notice.created': 'Apparaat “{name}” is toegevoegd voor {user}. Het wordt actief zodra het met een code is bevestigd.',
  'admin.notice.confirmed': 'Apparaat “{name}” is bevestigd en actief. De sleutel wordt niet meer getoond.',
  'admin.notice.renamed': 'Het apparaat heet nu “{name}”.',
  'admin.notice.throttleReset': 'De wachttijd van “{name}” is opgeheven.',
  'admin.notice.deleted': 'Apparaat “{name}” van {user} is verwijderd.',

  'admin.error.heading': 'Er is een probleem',
  'admin.error.forbidden':
    'Dit deel is alleen voor medewerkers. Je bent ingelogd als {username}, en dat is geen medewerkersaccount.',
  'admin.error.notFound': 'Dit apparaat of deze pagina bestaat niet. Misschien is het verwijderd.',
  'admin.error.secretHidden': 'De sleutel van een actief apparaat wordt niet getoond.',
  'admin.error.csrf': 'Dit formulier is verlopen of is vanaf een andere site verstuurd. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  'admin.error.badRequest': 'Het formulier kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.',
  'admin.error.tooLarge': 'Het formulier is te groot.',
  'admin.error.methodNotAllowed': 'Dit adres accepteert dit soort verzoeken niet.',
  'admin.error.userRequired': 'Voer de id van de gebruiker in.',
  'admin.error.unknownUser': 'Er is geen gebruiker met de id “{user}”.',
  'admin.error.badKind': 'Kies een van de aangeboden soorten.',
  'admin.error.badName': 'De naam van een apparaat heeft 1 tot 64 tekens, zonder regeleinden.',
  'admin.error.tokenRequired': 'Voer de code in die de app toont.',
  'admin.error.invalidToken':
    'Die code is niet geaccepteerd. Controleer of de app dit apparaat toont en of de klok van de telefoon goed staat.',
  'admin.error.throttled': {
    one: 'Na {count} mislukte poging worden er even geen codes gecontroleerd. Probeer het {relative} opnieuw ({time}), of hef hieronder de wachttijd op.',
    other: 'Na {count} mislukte pogingen worden er even geen codes gecontroleerd. Probeer het {relative} opnieuw ({time}), of hef hieronder de wachttijd op.',
  },
  'admin.error.alreadyConfirmed': 'Dit apparaat is al bevestigd.',
  'admin.error.deviceUnusable':
    'Dit apparaat kan niet worden gelezen (beschadigde gegevens of een ontbrekende encryptiesleutel). Verwijder het en voeg een nieuw apparaat toe.',
  'admin.error.tooManyCodes':
    'Deze gebruiker heeft al het maximale aantal back-upcodes. Vervang ze in plaats daarvan door een nieuwe set.',
  'admin.error.noBackupCodes': 'Back-upcodes zijn op deze site niet ingeschakeld.',
  'admin.error.internal': 'Het verzoek is mislukt. Er is niets getoond dat geheim moet blijven; het serverlogboek bevat de details.',

  // Account: codes by text message, voice call and e-mail (setup, backup phone numbers)
  'account.method.sms': 'Per sms',
  'account.method.call': 'Per spraakoproep',
  'account.method.email': 'Per e-mail',
  'account.method.sms.hint':
    'We sms’en je een code wanneer je inlogt. Handig, maar een telefoonnummer kan worden overgenomen, dus een app is veiliger.',
  'account.method.call.hint': 'We bellen je en een stem leest de code voor. Dit werkt ook met een vaste lijn.',
  'account.method.email.hint':
    'We mailen je een code wanneer je inlogt. Wie je mailbox kan lezen, kan de code ook lezen: gebruik dit daarom liever als reserve.',
  'account.defaultName.phone': 'Telefoon eindigend op {digits}',
  'account.defaultName.email': 'E-mail naar {address}',
  'account.destination.sms': 'Sms naar {destination}',
  'account.destination.call': 'Oproep naar {destination}',
  'account.destination.email': 'E-mail naar {destination}',
  'account.setup.addPhoneTitle': 'Reservetelefoonnummer toevoegen',
  'account.setup.addEmailTitle': 'E-mailadres voor codes toevoegen',
  'account.setup.phoneIntro':
    'Voer het telefoonnummer in waarop je je codes wilt ontvangen. We sturen er meteen een code naartoe, om te controleren dat die aankomt.',
  'account.setup.emailIntro':
    'Voer het e-mailadres in waarop je je codes wilt ontvangen. We sturen er meteen een code naartoe, om te controleren dat die aankomt.',
  'account.setup.channelLegend': 'Hoe moet de code dit nummer bereiken?',
  'account.setup.codeSetupExpiresAt': 'Als je niet afrondt, wordt deze instelling {relative} geannuleerd ({time}).',
  'account.setup.nextCodeAt': 'Niets ontvangen? Je kunt {relative} een nieuwe code aanvragen ({time}).',
  'account.setup.noCode': 'Niets ontvangen? Vraag een nieuwe code aan.',
  'account.field.number': 'Telefoonnummer',
  'account.field.number.hint': 'Begin met + en de landcode als het nummer uit het buitenland komt, bijvoorbeeld +31 6 12345678.',
  'account.field.address': 'E-mailadres',
  'account.field.address.hint': 'Bijvoorbeeld naam@voorbeeld.nl.',
  'account.field.sentCode': 'Ontvangen code',
  'account.field.sentCode.hint': 'De cijfers uit het bericht dat we je stuurden. Spaties maken niet uit.',
  'account.field.sentCode.callHint': 'De cijfers die de stem je voorlas.',
  'account.action.sendFirstCode': 'Stuur mij een code',
  'account.action.resendCode': 'Stuur een nieuwe code',
  'account.action.changeNumber': 'Een ander nummer gebruiken',
  'account.action.changeAddress': 'Een ander adres gebruiken',
  'account.action.addPhone': 'Reservetelefoonnummer toevoegen',
  'account.profile.phonesHeading': 'Reservetelefoonnummers',
  'account.profile.phonesIntro': 'Heb je je gebruikelijke apparaat niet bij de hand, dan kun je een code naar een van deze nummers laten sturen.',
  'account.profile.phonesNone': 'Je hebt geen reservetelefoonnummer.',
  'account.error.numberRequired': 'Voer een telefoonnummer in.',
  'account.error.numberInvalid': 'Dat is geen telefoonnummer dat we kunnen gebruiken. Controleer de cijfers en laat letters en toestelnummers weg.',
  'account.error.numberCountryCode': 'Begin het nummer met + en de landcode, bijvoorbeeld +31 6 12345678.',
  'account.error.numberRegion': 'We kunnen geen codes sturen naar telefoonnummers uit dat land. Gebruik een nummer uit een ander land.',
  'account.error.numberType':
    'Dat nummer kan geen codes ontvangen: betaalnummers en nummers met gedeelde kosten worden niet geaccepteerd. Gebruik een mobiel nummer of een gewone vaste lijn.',
  'account.error.numberTaken': 'Dit nummer ontvangt op deze manier al codes: het is een van je apparaten.',
  'account.error.addressRequired': 'Voer een e-mailadres in.',
  'account.error.addressTooLong': 'Dat adres is te lang: het mag hoogstens 254 tekens hebben.',
  'account.error.addressInvalid': 'Dat is geen e-mailadres dat we kunnen gebruiken. Controleer het: het moet eruitzien als naam@voorbeeld.nl.',
  'account.error.addressTaken': 'Dit adres ontvangt al codes: het is een van je apparaten.',
  'account.error.codeRequired': 'Voer de code in die we je stuurden.',
  'account.error.codeInvalid': 'Die code klopt niet of is verlopen. Controleer hem, of vraag een nieuwe code aan.',
  'account.error.codeCooldown': 'Er is net een code verstuurd. Je kunt {relative} een nieuwe aanvragen ({time}).',
  'account.error.sendLimit': 'Er zijn de laatste tijd te veel codes verstuurd. Je kunt {relative} een nieuwe aanvragen ({time}).',
  'account.error.sendFailed': 'We konden de code nu niet versturen. Controleer het nummer of adres, wacht even en probeer het opnieuw.',

  // Account polish: one set of "code sent" messages (delivery.resent.*), remembered-browser summaries, phone risk notice
  'delivery.resent.sms': 'We hebben een nieuwe sms gestuurd naar {destination}. Alleen de nieuwste code werkt.',
  'delivery.resent.call': 'We bellen {destination} opnieuw met een nieuwe code. Alleen de nieuwste code werkt.',
  'delivery.resent.email': 'We hebben een nieuwe e-mail gestuurd naar {destination}. Alleen de nieuwste code werkt.',
  'delivery.resent.other': 'We hebben een nieuwe code gestuurd naar {destination}. Alleen de nieuwste code werkt.',
  'delivery.resent.generic': 'We hebben je een nieuwe code gestuurd. Alleen de nieuwste code werkt.',
  'account.profile.browserOn': '{browser} op {system}',
  'account.profile.browserUnknown': 'Onbekende browser',
  'account.setup.phoneRisk':
    'Codes naar een telefoonnummer zijn maar zo veilig als dat nummer: wie je provider zover krijgt het nummer naar een eigen simkaart of naar een andere provider over te zetten, ontvangt je codes ook. Een authenticator-app is veiliger, dus houd dit nummer liefst als reserve.',
  'account.action.copyKey': 'Sleutel kopiëren',
  'account.action.copyCodes': 'Codes kopiëren',
  'account.action.print': 'Afdrukken',
  'account.notice.copied': 'Gekopieerd.',
  'account.action.openApp': 'Openen in authenticator-app',
  'account.backupCodes.fileHeaderSite': 'Back-upcodes voor {account} bij {site}',
  'account.setup.resendReady': 'Niets ontvangen? Je kunt nu een nieuwe code aanvragen.',
  'account.profile.thisBrowser': 'Deze browser',
  'login.token.resendReady': 'Je kunt nu een nieuwe code aanvragen.',
  'login.otherMethods.pointer': 'Of gebruik een van de andere manieren hieronder.',
};
