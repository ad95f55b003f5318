/**
 * German (`de`) translation of every twofold message, addressing the reader
 * formally ("Sie") as German websites do. Device names are set in German
 * quotation marks („…“) because German grammar cannot inflect a quoted name,
 * so the sentence reads correctly whatever the name is.
 */
import type { MessageText } from '../text.js';

/** The German catalog: a translation of every English message id. */
export const de: Readonly<Record<string, MessageText>> = {
  // Sign-in pages (src/web/messages.ts)
  'page.login.title': 'Anmelden',
  'page.loginToken.title': 'Code eingeben',
  'page.token.title': 'Bestätigen Sie Ihre Identität',
  'page.logout.title': 'Abmelden',
  'page.error.title': 'Ein Fehler ist aufgetreten',
  'page.forbidden.title': 'Anfrage abgelehnt',

  'field.username': 'Benutzername',
  'field.password': 'Passwort',
  'field.device': 'Gerät',
  'field.token': 'Code',
  'field.token.hint': 'Der Code aus Ihrer Authenticator-App, ein Code, den wir Ihnen gesendet haben, oder einer Ihrer Backup-Codes.',

  'action.signIn': 'Anmelden',
  'action.verify': 'Bestätigen',
  'action.sendCode': 'Code zusenden',
  'action.otherAccount': 'Anderes Konto verwenden',
  'action.signOut': 'Abmelden',
  'action.backToSignIn': 'Zurück zur Anmeldung',

  'errors.heading': 'Es ist ein Problem aufgetreten',

  'login.signingInAs': 'Anmeldung als {username}.',
  'login.passwordAccepted': 'Ihr Passwort ist korrekt. Geben Sie nun den Code von einem Ihrer Geräte ein.',
  'token.signedInAs': 'Sie sind als {username} angemeldet.',
  'token.intro': 'Für diese Seite ist ein zweiter Schritt nötig: Geben Sie einen Code von einem Ihrer Geräte ein.',
  'token.noDevices':
    'Für diese Seite ist die Zwei-Faktor-Authentifizierung erforderlich, für Ihr Konto ist aber noch kein Gerät dafür eingerichtet. Bitten Sie einen Administrator, eines hinzuzufügen.',
  'logout.confirm': 'Möchten Sie sich auf diesem Gerät abmelden?',

  'error.credentialsRequired': 'Geben Sie Ihren Benutzernamen und Ihr Passwort ein.',
  'error.badCredentials':
    'Benutzername oder Passwort ist nicht korrekt. Prüfen Sie beides (Groß- und Kleinschreibung wird unterschieden) und versuchen Sie es erneut.',
  'error.pendingExpired': 'Ihre Anmeldung hat zu lange gedauert und wurde abgebrochen. Geben Sie Ihren Benutzernamen und Ihr Passwort erneut ein.',
  'error.tokenRequired': 'Geben Sie den Code von Ihrem Gerät ein.',
  'error.invalidToken': 'Dieser Code wurde nicht akzeptiert. Prüfen Sie ihn und versuchen Sie es erneut.',
  'error.throttled': {
    one: 'Nach {count} Fehlversuch ist die Überprüfung vorübergehend gesperrt. Sie können es {relative} ({time}) erneut versuchen.',
    other: 'Nach {count} Fehlversuchen ist die Überprüfung vorübergehend gesperrt. Sie können es {relative} ({time}) erneut versuchen.',
  },
  'error.notInteractive': 'Dieses Gerät versendet keine Codes: Geben Sie stattdessen den Code ein, den es Ihnen anzeigt.',
  'error.cooldown': 'Soeben wurde ein Code gesendet. Sie können {relative} ({time}) einen neuen anfordern.',
  'error.challengeFailed': 'Wir konnten Ihnen gerade keinen Code senden. Warten Sie einen Moment und versuchen Sie es erneut.',
  'error.deviceUnusable':
    'Dieses Gerät kann zurzeit nicht verwendet werden. Wählen Sie ein anderes oder bitten Sie einen Administrator um Hilfe.',
  'error.csrf':
    'Dieses Formular ist abgelaufen oder wurde von einer anderen Website gesendet. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.badRequest': 'Das Formular konnte nicht gelesen werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.tooLarge': 'Das Formular ist zu groß.',
  'error.cookiesRequired': 'Die Anmeldung braucht Cookies, und dieser Browser hat unser Cookie nicht zurückgeschickt. Erlauben Sie Cookies für diese Website, laden Sie die Seite neu und versuchen Sie es erneut.',
  'page.stale.title': 'Diese Seite war veraltet',
  'action.continue': 'Weiter',
  'error.staleSignedIn': 'Dieses Formular war veraltet: Sie sind bereits angemeldet, vielleicht in einem anderen Tab oder Fenster. Es wurde nichts erneut gesendet.',
  'error.staleStep': 'Dieses Formular war veraltet, vielleicht weil Ihre Anmeldung in einem anderen Tab oder Fenster weitergegangen ist. Es wurde nichts geändert: Machen Sie beim aktuellen Schritt weiter.',
  'error.staleExpired': 'Dieses Formular ist abgelaufen, vielleicht weil Sie sich abgemeldet oder lange gewartet haben. Es wurde nichts geändert: Beginnen Sie erneut.',
  'error.stalePage': 'Dieses Formular war veraltet, vielleicht weil es geöffnet wurde, bevor sich Ihre Sitzung in einem anderen Tab oder Fenster geändert hat. Es wurde nichts geändert: Öffnen Sie die Seite erneut und versuchen Sie es noch einmal.',
  'verification.expired.idle.minutes': {
    one: 'Ihre Bestätigung ist nach {count} Minute ohne Aktivität abgelaufen. Geben Sie erneut einen Code ein, um fortzufahren.',
    other: 'Ihre Bestätigung ist nach {count} Minuten ohne Aktivität abgelaufen. Geben Sie erneut einen Code ein, um fortzufahren.',
  },
  'verification.expired.idle.hours': {
    one: 'Ihre Bestätigung ist nach {count} Stunde ohne Aktivität abgelaufen. Geben Sie erneut einen Code ein, um fortzufahren.',
    other: 'Ihre Bestätigung ist nach {count} Stunden ohne Aktivität abgelaufen. Geben Sie erneut einen Code ein, um fortzufahren.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Ihre Bestätigung ist abgelaufen: Ein Code gilt {count} Minute. Geben Sie erneut einen Code ein, um fortzufahren.',
    other: 'Ihre Bestätigung ist abgelaufen: Ein Code gilt {count} Minuten. Geben Sie erneut einen Code ein, um fortzufahren.',
  },
  'verification.expired.absolute.hours': {
    one: 'Ihre Bestätigung ist abgelaufen: Ein Code gilt {count} Stunde. Geben Sie erneut einen Code ein, um fortzufahren.',
    other: 'Ihre Bestätigung ist abgelaufen: Ein Code gilt {count} Stunden. Geben Sie erneut einen Code ein, um fortzufahren.',
  },

  // Account pages (src/flows/account/messages.ts)
  'account.profile.title': 'Zwei-Faktor-Authentifizierung',
  'account.profile.on':
    'Die Zwei-Faktor-Authentifizierung ist aktiviert: Bei der Anmeldung wird neben Ihrem Passwort auch ein Code abgefragt.',
  'account.profile.off':
    'Die Zwei-Faktor-Authentifizierung ist deaktiviert. Aktivieren Sie sie, damit ein gestohlenes Passwort allein nicht genügt, um auf Ihr Konto zuzugreifen.',
  'account.profile.primary': 'Bei der Anmeldung wird zuerst ein Code von „{name}“ abgefragt.',
  'account.profile.devicesHeading': 'Ihre Geräte',
  'account.profile.deviceAdded': 'Hinzugefügt am {date}',
  'account.profile.deviceLastUsed': 'Zuletzt verwendet am {date}',
  'account.profile.deviceNeverUsed': 'Noch nicht verwendet',
  'account.profile.primaryBadge': 'Hauptgerät',
  'account.profile.backupHeading': 'Backup-Codes',
  'account.profile.backupRemaining': {
    one: 'Sie haben noch {count} unbenutzten Backup-Code.',
    other: 'Sie haben noch {count} unbenutzte Backup-Codes.',
  },
  'account.profile.backupNone':
    'Sie haben keine unbenutzten Backup-Codes. Ohne sie können Sie bei Verlust Ihres Smartphones den Zugang zu Ihrem Konto verlieren.',
  'account.profile.rememberedHeading': 'Gemerkte Browser',
  'account.profile.rememberedIntro':
    'Bei diesen Browsern entfällt die Abfrage des Codes bei der Anmeldung, bis ihre Frist abläuft. Wählen Sie „Nicht mehr merken“ für Browser, die Sie nicht mehr verwenden.',
  'account.profile.rememberedNone': 'Derzeit wird kein Browser gemerkt.',
  'account.profile.rememberedEntry': 'Gemerkt am {date}, bestätigt mit „{device}“',
  'account.profile.rememberedUntil': 'Gültig bis {date}',
  'account.profile.turnOffHeading': 'Deaktivieren',

  'account.kind.totp': 'Authenticator-App',
  'account.kind.hotp': 'Hardware-Token',
  'account.kind.backup-codes': 'Backup-Codes',
  'account.kind.email': 'E-Mail',
  'account.kind.phone': 'Telefon',
  'account.kind.other': 'Gerät vom Typ {kind}',
  'account.method.totp.hint':
    'Eine App auf Ihrem Smartphone, etwa Google Authenticator, Microsoft Authenticator, Aegis oder 1Password, zeigt alle 30 Sekunden einen neuen Code an.',
  'account.method.hotp.hint': 'Ein Token oder eine App, die bei jedem Tastendruck einen neuen Code anzeigt.',
  'account.method.other.hint': 'Ein Gerät, das Codes anzeigt, sobald Sie ihm einen Schlüssel hinterlegt haben.',
  'account.defaultName.numbered': '{name} {number}',

  'account.setup.title': 'Zwei-Faktor-Authentifizierung einrichten',
  'account.setup.addTitle': 'Weiteres Gerät hinzufügen',
  'account.setup.welcome':
    'Die Zwei-Faktor-Authentifizierung schützt Ihr Konto: Bei der Anmeldung wird neben Ihrem Passwort ein Code abgefragt, den nur Ihr Smartphone anzeigen kann.',
  'account.setup.welcomeAnother': 'Sie fügen ein weiteres Gerät hinzu. Mit jedem Ihrer Geräte können Sie sich eigenständig anmelden.',
  'account.setup.otherMethods': 'Andere Methode wählen',
  'account.setup.methodLegend': 'Wie möchten Sie Ihre Codes erhalten?',
  'account.setup.noMethod':
    'Auf dieser Website gibt es keine Möglichkeit, die Zwei-Faktor-Authentifizierung einzurichten. Wenden Sie sich an einen Administrator.',
  'account.setup.scan': 'Scannen Sie diesen QR-Code mit der App.',
  'account.setup.qrAlt': 'QR-Code mit dem Schlüssel für Ihre Authenticator-App',
  'account.setup.manual': 'Scannen nicht möglich? Geben Sie stattdessen diesen Schlüssel als zeitbasierten Schlüssel in die App ein:',
  'account.setup.manualCounter': 'Scannen nicht möglich? Geben Sie stattdessen diesen Schlüssel als zählerbasierten Schlüssel in die App ein:',
  'account.setup.keyLabel': 'Schlüssel',
  'account.setup.confirmIntro': 'Geben Sie anschließend den Code ein, den die App anzeigt, um zu bestätigen, dass alles funktioniert.',
  'account.setup.expiresAt': 'Dieser Schlüssel verfällt {relative} ({time}), wenn Sie die Einrichtung nicht abschließen.',
  'account.setupDone.title': 'Die Zwei-Faktor-Authentifizierung ist aktiviert',
  'account.setupDone.text': 'Ab sofort wird bei der Anmeldung nach Ihrem Passwort ein Code von „{name}“ abgefragt.',
  'account.setupDone.textAdded': '{name} ist bereit. Bei der Anmeldung wird weiterhin zuerst {primary} gefragt; {name} steht bei den anderen Möglichkeiten, sich zu bestätigen, und in Ihrem Profil können Sie es zu Ihrem Hauptgerät machen.',
  'account.setupDone.backupCodes':
    'Wenn Sie Ihr Smartphone verlieren, gelangen Sie mit Backup-Codes wieder in Ihr Konto. Erstellen Sie jetzt Backup-Codes und bewahren Sie sie an einem sicheren Ort auf.',
  'account.setupDone.hasBackupCodes': {
    one: 'Sie haben weiterhin {count} unbenutzten Backup-Code.',
    other: 'Sie haben weiterhin {count} unbenutzte Backup-Codes.',
  },

  'account.rename.title': 'Gerät umbenennen',
  'account.rename.current': 'Das Gerät heißt derzeit „{name}“.',
  'account.remove.title': 'Gerät entfernen',
  'account.remove.confirm': '„{name}“ entfernen? Die Codes dieses Geräts funktionieren dann sofort nicht mehr.',
  'account.remove.primaryNote': '„{name}“ ist Ihr Hauptgerät: An seine Stelle tritt „{next}“.',
  'account.backupCodes.title': 'Backup-Codes',
  'account.backupCodes.intro': 'Mit jedem Backup-Code können Sie sich einmal anmelden, falls Ihr gewohntes Gerät nicht zur Hand ist.',
  'account.backupCodes.regenerateWarning': 'Wenn Sie neue Codes erstellen, werden alle Ihre bisherigen Codes ungültig.',
  'account.backupCodes.issuedTitle': 'Ihre neuen Backup-Codes',
  'account.backupCodes.issuedIntro':
    'Speichern Sie diese Codes jetzt: Drucken Sie sie aus oder bewahren Sie sie in einem Passwort-Manager auf. Sie werden nur dieses eine Mal angezeigt.',
  'account.backupCodes.issuedOld': 'Ihre bisherigen Backup-Codes sind nicht mehr gültig.',
  'account.backupCodes.listLabel': 'Ihre Backup-Codes',
  'account.backupCodes.shownUntil': 'Diese Seite zeigt sie, auch nach dem Neuladen, bis Sie bestätigen, dass Sie sie gespeichert haben, oder bis {time}.',
  'account.backupCodes.replaceTitle': 'Alle Backup-Codes ersetzen?',
  'account.backupCodes.replaceWarning': { one: 'Der {count} Backup-Code, den Sie jetzt haben, funktioniert sofort nicht mehr, wo immer Sie ihn gespeichert oder ausgedruckt haben.', other: 'Die {count} Backup-Codes, die Sie jetzt haben, funktionieren sofort nicht mehr, auch wenn Sie sie gespeichert, heruntergeladen oder ausgedruckt haben.' },
  'account.action.replaceCodes': 'Ja, ersetzen',
  'account.action.keepCodes': 'Nein, meine Codes behalten',
  'account.notice.codesSaved': 'Ihre neuen Backup-Codes gelten jetzt. Bewahren Sie sie sicher auf.',
  'account.backupCodes.fileHeader': 'Backup-Codes für {account}',
  'account.backupCodes.fileIntro': 'Jeder Code kann einmal verwendet werden. Erstellt am {date}.',
  'account.disable.title': 'Zwei-Faktor-Authentifizierung deaktivieren',
  'account.disable.warning':
    'Ohne zweiten Schritt kann sich jeder, der Ihr Passwort kennt, in Ihrem Namen anmelden. Alle Ihre Geräte, Backup-Codes und gemerkten Browser werden entfernt.',
  'account.reauth.title': 'Bestätigen Sie Ihre Identität',
  'account.reauth.intro': 'Bevor Sie den Schutz Ihres Kontos ändern, geben Sie bitte einen Code von einem Ihrer Geräte ein.',

  'account.field.method': 'Methode',
  'account.field.name': 'Gerätename',
  'account.field.name.hint': 'Damit Sie Ihre Geräte unterscheiden können, zum Beispiel „Diensthandy“.',
  'account.field.setupCode': 'Code aus der App',
  'account.field.setupCode.hint': 'Die Zahl, die die App für diesen neuen Eintrag anzeigt, ohne Leerzeichen.',
  'account.field.understand': 'Ja, ich bin sicher',

  'account.action.begin': 'Weiter',
  'account.action.confirmSetup': 'Bestätigen und aktivieren',
  'account.action.confirmAdd': 'Bestätigen und Gerät hinzufügen',
  'account.action.cancelSetup': 'Abbrechen',
  'account.action.setUp': 'Zwei-Faktor-Authentifizierung einrichten',
  'account.action.addDevice': 'Weiteres Gerät hinzufügen',
  'account.action.rename': 'Umbenennen',
  'account.action.remove': 'Entfernen',
  'account.action.makePrimary': 'Als Hauptgerät festlegen',
  'account.action.save': 'Speichern',
  'account.action.backupCodes': 'Backup-Codes verwalten',
  'account.action.generateCodes': 'Neue Backup-Codes erstellen',
  'account.action.generateFirstCodes': 'Backup-Codes erstellen',
  'account.action.download': 'Als Textdatei herunterladen',
  'account.action.savedCodes': 'Ich habe meine Codes gespeichert',
  'account.action.disable': 'Zwei-Faktor-Authentifizierung deaktivieren',
  'account.action.forgetBrowser': 'Nicht mehr merken',
  'account.action.backToProfile': 'Zurück zu den Einstellungen der Zwei-Faktor-Authentifizierung',
  'account.action.continue': 'Weiter',
  'account.action.later': 'Nicht jetzt',

  'account.notice.renamed': 'Das Gerät heißt jetzt „{name}“.',
  'account.notice.removed': '„{name}“ wurde entfernt.',
  'account.notice.primary': '„{name}“ ist jetzt Ihr Hauptgerät.',
  'account.notice.disabled': 'Die Zwei-Faktor-Authentifizierung wurde deaktiviert. Ihre Geräte und Backup-Codes wurden entfernt.',
  'account.notice.deviceAdded': '„{name}“ wurde hinzugefügt.',
  'account.notice.browserForgotten': 'Dieser Browser wird nicht mehr gemerkt: Bei der nächsten Anmeldung wird wieder ein Code abgefragt.',

  'account.error.nameRequired': 'Geben Sie dem Gerät einen Namen.',
  'account.error.nameTooLong': 'Der Name darf höchstens {max} Zeichen lang sein.',
  'account.error.nameInvalid': 'Der Name darf keine Zeilenumbrüche oder anderen Steuerzeichen enthalten.',
  'account.error.methodRequired': 'Wählen Sie aus, wie Sie Ihre Codes erhalten möchten.',
  'account.error.setupExpired': 'Die Einrichtung hat zu lange gedauert und wurde abgebrochen. Beginnen Sie erneut: Sie erhalten einen neuen Schlüssel.',
  'account.error.setupMissing': 'In diesem Browser läuft keine Einrichtung. Beginnen Sie erneut.',
  'account.error.setupCodeRequired': 'Geben Sie den Code ein, den die App anzeigt.',
  'account.error.setupCodeInvalid':
    'Dieser Code passt nicht zum neuen Schlüssel. Prüfen Sie, ob Sie den neuen Eintrag in der App ablesen, und geben Sie dessen aktuellen Code ein.',
  'account.error.setupThrottled': {
    one: 'Sie haben {count} falschen Code eingegeben. Sie können es {relative} ({time}) erneut versuchen.',
    other: 'Sie haben {count} falsche Codes in Folge eingegeben. Sie können es {relative} ({time}) erneut versuchen.',
  },
  'account.error.understandRequired':
    'Setzen Sie das Häkchen bei „Ja, ich bin sicher“, um die Zwei-Faktor-Authentifizierung zu deaktivieren. Es wurde nichts geändert.',
  'account.error.lastDevice':
    'Dies ist Ihr einziges Gerät, daher kann es nicht einzeln entfernt werden. Fügen Sie zuerst ein weiteres Gerät hinzu oder deaktivieren Sie die Zwei-Faktor-Authentifizierung.',
  'account.error.deviceNotFound': 'Dieses Gerät gehört nicht zu Ihrem Konto oder wurde entfernt.',
  'account.error.notEnabled': 'Die Zwei-Faktor-Authentifizierung ist für Ihr Konto deaktiviert, daher gibt es hier nichts zu ändern.',
  'account.api.loginRequired': 'Melden Sie sich zuerst an.',
  'account.api.otpRequired': 'Geben Sie zuerst einen Code von einem Ihrer Geräte ein.',
  'account.api.reauthenticationRequired':
    'Für diese Änderung ist ein Code nötig, der in den letzten Minuten eingegeben wurde. Geben Sie erneut einen Code von einem Ihrer Geräte ein.',
  'account.api.confirmationRequired':
    'Senden Sie "confirm": true, um die Zwei-Faktor-Authentifizierung zu deaktivieren. Es wurde nichts geändert.',
  'account.error.downloadExpired':
    'Backup-Codes können nur direkt nach dem Erstellen und nur in dem Browser heruntergeladen werden, in dem sie erstellt wurden. Erstellen Sie neue Codes, um sie herunterzuladen.',

  // Sign-in flows (src/flows/login/messages.ts)
  'login.token.instruction': 'Geben Sie den Code ein, den „{device}“ anzeigt.',
  'login.token.instructionSent': 'Fordern Sie einen Code an, der an „{device}“ gesendet wird, und geben Sie ihn hier ein.',
  'login.remember.days': {
    one: 'Diesen Browser {count} Tag lang merken',
    other: 'Diesen Browser {count} Tage lang merken',
  },
  'login.remember.hours': {
    one: 'Diesen Browser {count} Stunde lang merken',
    other: 'Diesen Browser {count} Stunden lang merken',
  },
  'login.remember.minutes': {
    one: 'Diesen Browser {count} Minute lang merken',
    other: 'Diesen Browser {count} Minuten lang merken',
  },
  'login.remember.hint':
    'Nur auf einem Gerät, das ausschließlich Sie verwenden. Bei der Anmeldung hier wird dann nur noch Ihr Passwort abgefragt. Sie können dies später in Ihren Kontoeinstellungen wieder aufheben.',
  'login.otherMethods.heading': 'Andere Möglichkeiten, Ihre Identität zu bestätigen',
  'login.otherMethods.use': '„{device}“ verwenden',
  'login.otherMethods.send': 'Code an „{device}“ senden',
  'login.otherMethods.backup': 'Backup-Code verwenden',

  'login.backup.title': 'Backup-Code verwenden',
  'login.backup.intro':
    'Geben Sie einen der Backup-Codes ein, die Sie bei der Einrichtung der Zwei-Faktor-Authentifizierung gespeichert haben. Jeder Code kann nur einmal verwendet werden.',
  'login.backup.field': 'Backup-Code',
  'login.backup.hint': 'Buchstaben und Ziffern wie gedruckt. Leerzeichen und Bindestriche spielen keine Rolle.',
  'login.backup.back': 'Stattdessen eines Ihrer Geräte verwenden',

  'login.lostDevice.text': 'Gerät verloren? Verwenden Sie einen Ihrer Backup-Codes. Ohne sie wenden Sie sich an den Support dieser Website, um wieder Zugang zu Ihrem Konto zu bekommen.',
  'login.lostDevice.link': 'Hilfe bei der Anmeldung',
  'login.backupLeft.title': 'Sie sind angemeldet',
  'login.backupLeft.count': { one: 'Sie haben sich mit einem Backup-Code angemeldet. Sie haben noch {count} Backup-Code.', other: 'Sie haben sich mit einem Backup-Code angemeldet. Sie haben noch {count} Backup-Codes.' },
  'login.backupLeft.warning': 'Erstellen Sie jetzt einen neuen Satz, bevor sie aufgebraucht sind: Ohne Gerät oder Backup-Code können Sie sich nicht anmelden.',
  'login.backupLeft.newCodes': 'Neue Backup-Codes erstellen',
  'login.backupLeft.continue': 'Weiter',
  'login.verify.noDevicesSetUp':
    'Für diese Seite ist die Zwei-Faktor-Authentifizierung erforderlich, für Ihr Konto ist aber noch kein Gerät dafür eingerichtet. Die Einrichtung dauert nur eine Minute.',
  'login.action.setUp': 'Zwei-Faktor-Authentifizierung einrichten',
  'login.setupRequired': 'Für Ihr Konto ist die Zwei-Faktor-Authentifizierung vorgeschrieben. Richten Sie sie ein, um fortzufahren.',

  'login.error.deviceNotAvailable': 'Dieses Gerät kann hier nicht verwendet werden. Wählen Sie eines Ihrer eigenen Geräte.',
  'login.error.sendLimit': 'In letzter Zeit wurden zu viele Codes gesendet. Sie können {relative} ({time}) einen neuen anfordern.',
  'login.error.noLoginInProgress': 'Es läuft keine Anmeldung. Beginnen Sie mit Ihrem Benutzernamen und Ihrem Passwort.',

  // Sign-in with codes sent by text message, voice call or e-mail (issue 5): where the code went, resending.
  'delivery.sent.sms': 'Wir haben eine SMS mit einem Code an {destination} gesendet.',
  'delivery.sent.call': 'Wir rufen jetzt {destination} an: Eine Stimme liest Ihnen einen Code vor.',
  'delivery.sent.email': 'Wir haben eine E-Mail mit einem Code an {destination} gesendet.',
  'delivery.sent.other': 'Wir haben einen Code an {destination} gesendet.',
  'delivery.sent.generic': 'Wir haben Ihnen einen Code gesendet.',
  'delivery.enter.sms': 'Geben Sie den Code aus der SMS ein, die wir an {destination} gesendet haben.',
  'delivery.enter.call': 'Geben Sie den Code ein, den die Stimme bei unserem Anruf an {destination} vorgelesen hat.',
  'delivery.enter.email': 'Geben Sie den Code aus der E-Mail ein, die wir an {destination} gesendet haben.',
  'delivery.enter.other': 'Geben Sie den Code ein, den wir an {destination} gesendet haben.',
  'delivery.enter.generic': 'Geben Sie den Code ein, den wir Ihnen gesendet haben.',
  'delivery.ask.sms': 'Fordern Sie eine SMS mit einem Code an {destination} an und geben Sie den Code hier ein.',
  'delivery.ask.call': 'Fordern Sie einen Anruf an {destination} an: Eine Stimme liest einen Code vor, den Sie hier eingeben.',
  'delivery.ask.email': 'Fordern Sie eine E-Mail mit einem Code an {destination} an und geben Sie den Code hier ein.',
  'delivery.ask.other': 'Fordern Sie einen Code an, der an {destination} gesendet wird, und geben Sie ihn hier ein.',
  'login.passwordAcceptedKey': 'Ihr Passwort ist korrekt. Verwenden Sie nun Ihren Sicherheitsschlüssel oder Passkey.',
  'login.token.resend': 'Neuen Code senden',
  'login.token.nextCodeAt': 'Sie können {relative} ({time}) einen neuen Code anfordern.',

  'api.error.unsupportedMediaType': 'Senden Sie den Anfragetext als JSON, mit Content-Type: application/json.',
  'api.error.badRequest': 'Der Anfragetext konnte nicht gelesen werden: Er muss ein JSON-Objekt mit den dokumentierten Feldern sein.',
  'api.error.tooLarge': 'Der Anfragetext ist zu groß.',
  'api.error.csrf':
    'Die Anfrage wurde abgelehnt: Der Header X-CSRF-Token fehlt oder ist veraltet, oder die Anfrage kam von einer anderen Website. Holen Sie sich einen neuen Token vom Sitzungs-Endpunkt.',

  // Staff admin (src/flows/admin/messages.ts)
  'admin.title': 'Zwei-Faktor-Geräte',
  'admin.userTitle': 'Geräte von {user}',
  'admin.deleteTitle': 'Gerät löschen',
  'admin.codesTitle': 'Neue Backup-Codes',
  'admin.forbiddenTitle': 'Nur für Mitarbeitende',
  'admin.notFoundTitle': 'Nicht gefunden',
  'admin.errorTitle': 'Ein Fehler ist aufgetreten',

  'admin.nav.home': 'Alle Geräte',
  'admin.nav.signedInAs': 'Angemeldet als {username}',
  'admin.nav.signOut': 'Abmelden',
  'admin.forbidden.switch': 'Abmelden, um sich mit einem Mitarbeiterkonto anzumelden',

  'admin.search.label': 'Benutzer-ID enthält',
  'admin.search.hint': 'Leer lassen, um alle Benutzer aufzulisten, die ein Gerät haben.',
  'admin.search.submit': 'Suchen',
  // "für" takes the accusative, whose plural "Benutzer" matches admin.search.users.
  'admin.search.results': '{devices} für {users}',
  'admin.search.devices': { one: '{count} Gerät', other: '{count} Geräte' },
  'admin.search.users': { one: '{count} Benutzer', other: '{count} Benutzer' },
  'admin.search.none': 'Kein Gerät gefunden.',
  'admin.search.noneFor': 'Kein Gerät gehört zu einem Benutzer, dessen ID „{query}“ enthält.',
  'admin.search.truncated': 'Es werden nur die ersten {count} Geräte angezeigt: Schränken Sie die Suche ein.',
  'admin.search.usersWithoutDevices': 'Benutzer ohne Gerät',

  'admin.column.user': 'Benutzer',
  'admin.column.device': 'Gerät',
  'admin.column.kind': 'Typ',
  'admin.column.status': 'Status',
  'admin.column.lastUsed': 'Zuletzt verwendet',

  'admin.status.confirmed': 'Aktiv',
  'admin.status.unconfirmed': 'Wartet auf Bestätigung',
  'admin.status.locked': 'Gesperrt bis {time}',
  'admin.status.failures': { one: '{count} Fehlversuch', other: '{count} Fehlversuche' },
  'admin.never': 'nie',

  'admin.create.heading': 'Neues Gerät hinzufügen',
  'admin.create.intro':
    'Das neue Gerät bleibt inaktiv, bis unter seinem QR-Code ein Code davon eingegeben wird. So kann ein falsch eingegebener Schlüssel niemanden aussperren.',
  'admin.create.user': 'Benutzer-ID',
  'admin.create.kind': 'Typ',
  'admin.create.name': 'Gerätename',
  'admin.create.nameHint': 'Wird dem Benutzer bei der Auswahl eines Geräts angezeigt, z. B. „Smartphone“.',
  'admin.create.submit': 'Gerät hinzufügen',
  'admin.kind.totp': 'Authenticator-App, zeitbasiert (TOTP)',
  'admin.kind.hotp': 'Zählerbasierter Token (HOTP)',
  'admin.kind.backup-codes': 'Backup-Codes',
  'admin.noDevices': 'Dieser Benutzer hat noch kein Zwei-Faktor-Gerät.',

  'admin.detail.user': 'Benutzer',
  'admin.detail.kind': 'Typ',
  'admin.detail.status': 'Status',
  'admin.detail.created': 'Erstellt',
  'admin.detail.lastUsed': 'Zuletzt verwendet',
  'admin.detail.failures': 'Fehlversuche',
  'admin.detail.codesLeft': 'Verbleibende Codes',
  'admin.detail.settings': 'Einstellungen',
  'admin.detail.settingsTotp': '{digits} Ziffern, alle {step} Sekunden ein neuer Code, {algorithm}',
  'admin.detail.settingsHotp': '{digits} Ziffern, nächster Zählerstand {counter}, {algorithm}',

  'admin.setup.heading': 'Gerät einrichten',
  'admin.setup.scan': 'Scannen Sie diesen QR-Code mit der Authenticator-App oder geben Sie den Schlüssel von Hand ein.',
  'admin.setup.qrAlt': 'QR-Code zum Einrichten des Geräts „{name}“',
  'admin.setup.key': 'Schlüssel',
  'admin.setup.keyHint': 'Die Leerzeichen dienen nur der Lesbarkeit; Apps akzeptieren den Schlüssel mit oder ohne sie.',
  'admin.setup.unavailable':
    'Der Schlüssel dieses Geräts kann nicht angezeigt werden (für diesen Typ gibt es keine Provisioning-URI, oder der Kontoname ist nicht verwendbar).',
  'admin.setup.confirmedWarning':
    'Dieses Gerät ist bereits aktiv: Sein Schlüssel wird nur angezeigt, weil auf dieser Website showSecretsOfConfirmedDevices aktiviert ist. Wer ihn sieht, kann Codes erzeugen.',
  'admin.setup.hidden':
    'Der Schlüssel eines aktiven Geräts wird nie wieder angezeigt. Wenn der Benutzer ein neues Smartphone verwenden soll, fügen Sie ein neues Gerät hinzu und löschen Sie dieses.',
  'admin.confirm.heading': 'Gerät bestätigen',
  'admin.confirm.intro': 'Geben Sie den Code ein, den die App jetzt anzeigt. Das Gerät wird aktiv, sobald ein Code akzeptiert wurde.',
  'admin.confirm.token': 'Code aus der App',
  'admin.confirm.submit': 'Bestätigen',

  'admin.rename.heading': 'Umbenennen',
  'admin.rename.label': 'Neuer Name',
  'admin.rename.submit': 'Umbenennen',
  'admin.throttle.heading': 'Drosselung',
  'admin.throttle.intro':
    'Nach Fehlversuchen muss das Gerät zwischen zwei Versuchen immer länger warten. Setzen Sie die Drosselung erst zurück, wenn Sie wissen, wer die Fehlversuche verursacht hat.',
  'admin.throttle.submit': 'Drosselung zurücksetzen',
  'admin.throttle.none': 'Keine Fehlversuche seit der letzten erfolgreichen Überprüfung.',

  'admin.codes.heading': 'Backup-Codes',
  'admin.codes.intro':
    'Einmal-Codes für den Fall, dass das gewohnte Gerät nicht zur Hand ist. Sie werden als Hash gespeichert und nur einmal angezeigt: bei ihrer Erstellung.',
  'admin.codes.count': { one: 'Noch {count} Code verfügbar.', other: 'Noch {count} Codes verfügbar.' },
  'admin.codes.noneYet': 'Noch keine Backup-Codes.',
  'admin.codes.add': 'Einen Code hinzufügen',
  'admin.codes.regenerate': 'Alle Codes durch neue ersetzen',
  'admin.codes.regenerateHint': 'Alle bisherigen Backup-Codes dieses Benutzers werden ungültig.',
  'admin.codes.shownOnce':
    'Geben Sie diese Codes jetzt über einen sicheren Kanal an {user} weiter. Sie werden nicht in lesbarer Form gespeichert und nicht noch einmal angezeigt. Jeder Code funktioniert nur einmal.',
  'admin.codes.added': 'Für {user} wurde ein Backup-Code hinzugefügt. Er wird nicht in lesbarer Form gespeichert und nicht noch einmal angezeigt.',
  'admin.codes.back': 'Fertig, zurück zum Benutzer',

  'admin.codes.shownUntil': 'Diese Seite zeigt sie, auch nach dem Neuladen, bis Sie auf „Fertig“ klicken oder bis {time}.',
  'admin.codes.replaceTitle': 'Alle Backup-Codes von {user} ersetzen?',
  'admin.codes.replaceWarning': { one: 'Der {count} unbenutzte Backup-Code dieses Benutzers funktioniert sofort nicht mehr, wo immer er gespeichert oder ausgedruckt wurde.', other: 'Die {count} unbenutzten Backup-Codes dieses Benutzers funktionieren sofort nicht mehr, wo immer sie gespeichert oder ausgedruckt wurden.' },
  'admin.codes.replaceConfirm': 'Ja, ersetzen',
  'admin.codes.replaceCancel': 'Nein, behalten',
  'admin.notice.codesHandedOver': 'Die neuen Backup-Codes werden nicht mehr angezeigt.',
  'admin.delete.link': 'Dieses Gerät löschen …',
  'admin.delete.question': 'Das Gerät „{name}“ von {user} löschen?',
  'admin.delete.consequence':
    'Seine Codes werden sofort und überall ungültig. War es das einzige Gerät des Benutzers, kann er sich bis zum Hinzufügen eines neuen Geräts allein mit seinem Passwort anmelden.',
  'admin.delete.submit': 'Löschen',
  'admin.delete.cancel': 'Abbrechen',

  'admin.notice.created': 'Das Gerät „{name}“ wurde für {user} hinzugefügt. Es wird aktiv, sobald es mit einem Code bestätigt ist.',
  'admin.notice.confirmed': 'Das Gerät „{name}“ ist bestätigt und aktiv. Sein Schlüssel wird nicht wieder angezeigt.',
  'admin.notice.renamed': 'Das Gerät wurde in „{name}“ umbenannt.',
  'admin.notice.throttleReset': 'Die Drosselung von „{name}“ wurde zurückgesetzt.',
  'admin.notice.deleted': 'Das Gerät „{name}“ von {user} wurde gelöscht.',

  'admin.error.heading': 'Es ist ein Problem aufgetreten',
  'admin.error.forbidden': 'Dieser Bereich ist nur für Mitarbeitende zugänglich. Sie sind als {username} angemeldet; dies ist kein Mitarbeiterkonto.',
  'admin.error.notFound': 'Dieses Gerät oder diese Seite gibt es nicht. Möglicherweise wurde der Eintrag gelöscht.',
  'admin.error.secretHidden': 'Der Schlüssel eines aktiven Geräts wird nicht angezeigt.',
  'admin.error.csrf':
    'Dieses Formular ist abgelaufen oder wurde von einer anderen Website gesendet. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.',
  'admin.error.badRequest': 'Das Formular konnte nicht gelesen werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'admin.error.tooLarge': 'Das Formular ist zu groß.',
  'admin.error.methodNotAllowed': 'Diese Adresse nimmt diese Art von Anfrage nicht an.',
  'admin.error.userRequired': 'Geben Sie die ID des Benutzers ein.',
  'admin.error.unknownUser': 'Es gibt keinen Benutzer mit der ID „{user}“.',
  'admin.error.badKind': 'Wählen Sie einen der angebotenen Typen.',
  'admin.error.badName': 'Ein Gerätename hat 1 bis 64 Zeichen und keine Zeilenumbrüche.',
  'admin.error.tokenRequired': 'Geben Sie den Code ein, den die App anzeigt.',
  'admin.error.invalidToken':
    'Dieser Code wurde nicht akzeptiert. Prüfen Sie, ob die App dieses Gerät anzeigt und ob die Uhrzeit des Smartphones stimmt.',
  'admin.error.throttled': {
    one: 'Nach {count} Fehlversuch ist die Überprüfung vorübergehend gesperrt. Versuchen Sie es {relative} ({time}) erneut oder setzen Sie unten die Drosselung zurück.',
    other:
      'Nach {count} Fehlversuchen ist die Überprüfung vorübergehend gesperrt. Versuchen Sie es {relative} ({time}) erneut oder setzen Sie unten die Drosselung zurück.',
  },
  'admin.error.alreadyConfirmed': 'Dieses Gerät ist bereits bestätigt.',
  'admin.error.deviceUnusable':
    'Dieses Gerät kann nicht gelesen werden (beschädigte Daten oder fehlender Verschlüsselungsschlüssel). Löschen Sie es und fügen Sie ein neues hinzu.',
  'admin.error.tooManyCodes':
    'Dieser Benutzer hat bereits die maximal zulässige Anzahl an Backup-Codes. Ersetzen Sie diese stattdessen durch neue.',
  'admin.error.noBackupCodes': 'Backup-Codes sind auf dieser Website nicht aktiviert.',
  'admin.error.internal':
    'Die Anfrage ist fehlgeschlagen. Es wurde nichts angezeigt, was geheim bleiben muss; die Details stehen im Server-Log.',

  // Account: codes by text message, voice call and e-mail (setup, backup phone numbers)
  'account.method.sms': 'SMS',
  'account.method.call': 'Sprachanruf',
  'account.method.email': 'E-Mail',
  'account.method.sms.hint':
    'Wir senden Ihnen bei jeder Anmeldung einen Code per SMS. Praktisch, doch eine Telefonnummer kann übernommen werden – eine App ist sicherer.',
  'account.method.call.hint': 'Wir rufen Sie an, und eine Stimme liest Ihnen den Code vor. Das funktioniert auch mit einem Festnetzanschluss.',
  'account.method.email.hint':
    'Wir senden Ihnen bei jeder Anmeldung einen Code per E-Mail. Wer Ihr Postfach lesen kann, kann auch den Code lesen – nutzen Sie dies daher besser als Reserve.',
  'account.kind.phone.deviceName': 'Telefon mit Endziffern {digits}',
  'account.kind.email.deviceName': 'E-Mail {address}',
  'account.destination.sms': 'SMS an {destination}',
  'account.destination.call': 'Anruf bei {destination}',
  'account.destination.email': 'E-Mail an {destination}',
  'account.kind.phone.title': 'Ersatz-Telefonnummer hinzufügen',
  'account.kind.email.title': 'E-Mail-Adresse für Codes hinzufügen',
  'account.kind.phone.intro':
    'Geben Sie die Telefonnummer ein, an die Ihre Codes gehen sollen. Wir senden sofort einen Code dorthin, um zu prüfen, dass er Sie erreicht.',
  'account.kind.email.intro':
    'Geben Sie die E-Mail-Adresse ein, an die Ihre Codes gehen sollen. Wir senden sofort einen Code dorthin, um zu prüfen, dass er Sie erreicht.',
  'account.setup.channelLegend': 'Wie soll der Code diese Nummer erreichen?',
  'account.setup.codeSetupExpiresAt': 'Wenn Sie nicht abschließen, wird diese Einrichtung {relative} ({time}) abgebrochen.',
  'account.setup.nextCodeAt': 'Nichts angekommen? Sie können {relative} ({time}) einen neuen Code anfordern.',
  'account.setup.noCode': 'Nichts angekommen? Fordern Sie einen neuen Code an.',
  'account.kind.phone.field': 'Telefonnummer',
  'account.kind.phone.fieldHint': 'Beginnen Sie mit + und der Landesvorwahl, wenn die Nummer aus dem Ausland ist, zum Beispiel +49 1512 3456789.',
  'account.kind.email.field': 'E-Mail-Adresse',
  'account.kind.email.fieldHint': 'Zum Beispiel name@beispiel.de.',
  'account.field.sentCode': 'Erhaltener Code',
  'account.field.sentCode.hint': 'Die Ziffern aus der Nachricht, die wir Ihnen gesendet haben. Leerzeichen spielen keine Rolle.',
  'account.method.call.codeHint': 'Die Ziffern, die Ihnen die Stimme vorgelesen hat.',
  'account.action.sendFirstCode': 'Code senden',
  'account.action.resendCode': 'Neuen Code senden',
  'account.kind.phone.change': 'Andere Nummer verwenden',
  'account.kind.email.change': 'Andere Adresse verwenden',
  'account.action.addPhone': 'Ersatz-Telefonnummer hinzufügen',
  'account.profile.phonesHeading': 'Ersatz-Telefonnummern',
  'account.profile.phonesIntro':
    'Wenn Ihr übliches Gerät nicht zur Hand ist, können Sie sich stattdessen einen Code an eine dieser Nummern senden lassen.',
  'account.profile.phonesNone': 'Sie haben keine Ersatz-Telefonnummer.',
  'account.kind.phone.problem.empty': 'Geben Sie eine Telefonnummer ein.',
  'account.kind.phone.problem.invalid':
    'Diese Telefonnummer können wir nicht verwenden. Prüfen Sie die Ziffern und lassen Sie Buchstaben und Durchwahlen weg.',
  'account.kind.phone.problem.missing-country-code': 'Beginnen Sie die Nummer mit + und der Landesvorwahl, zum Beispiel +49 1512 3456789.',
  'account.kind.phone.problem.region-not-allowed': 'An Telefonnummern aus diesem Land können wir keine Codes senden. Verwenden Sie eine Nummer aus einem anderen Land.',
  'account.kind.phone.problem.number-type-refused':
    'Diese Nummer kann keine Codes empfangen: Mehrwert- und Shared-Cost-Nummern sind nicht zulässig. Verwenden Sie eine Mobilnummer oder einen gewöhnlichen Festnetzanschluss.',
  'account.kind.phone.taken': 'Diese Nummer erhält bereits auf diese Weise Codes: Sie gehört zu Ihren Geräten.',
  'account.kind.email.problem.empty': 'Geben Sie eine E-Mail-Adresse ein.',
  'account.kind.email.problem.too-long': 'Diese Adresse ist zu lang: Sie darf höchstens 254 Zeichen haben.',
  'account.kind.email.problem.invalid': 'Diese E-Mail-Adresse können wir nicht verwenden. Prüfen Sie sie: Sie sollte wie name@beispiel.de aussehen.',
  'account.kind.email.taken': 'Diese Adresse erhält bereits Codes: Sie gehört zu Ihren Geräten.',
  'account.error.codeRequired': 'Geben Sie den Code ein, den wir Ihnen gesendet haben.',
  'account.error.codeInvalid': 'Dieser Code stimmt nicht oder ist abgelaufen. Prüfen Sie ihn oder fordern Sie einen neuen Code an.',
  'account.error.codeCooldown': 'Soeben wurde ein Code gesendet. Sie können {relative} ({time}) einen neuen anfordern.',
  'account.error.sendLimit': 'In letzter Zeit wurden zu viele Codes gesendet. Sie können {relative} ({time}) einen neuen anfordern.',
  'account.error.sendFailed':
    'Wir konnten den Code gerade nicht senden. Prüfen Sie die Nummer oder Adresse, warten Sie einen Moment und versuchen Sie es erneut.',

  // Account polish: one set of "code sent" messages (delivery.resent.*), remembered-browser summaries, phone risk notice
  'delivery.resent.sms': 'Wir haben eine neue SMS an {destination} gesendet. Nur der neueste Code gilt.',
  'delivery.resent.call': 'Wir rufen {destination} erneut mit einem neuen Code an. Nur der neueste Code gilt.',
  'delivery.resent.email': 'Wir haben eine neue E-Mail an {destination} gesendet. Nur der neueste Code gilt.',
  'delivery.resent.other': 'Wir haben einen neuen Code an {destination} gesendet. Nur der neueste Code gilt.',
  'delivery.resent.generic': 'Wir haben Ihnen einen neuen Code gesendet. Nur der neueste Code gilt.',
  'account.profile.browserOn': '{browser} auf {system}',
  'account.profile.browserUnknown': 'Unbekannter Browser',
  'account.kind.phone.risk':
    'Codes an eine Telefonnummer sind nur so sicher wie die Nummer selbst: Wer Ihren Anbieter dazu bringt, sie auf eine andere SIM-Karte oder zu einem anderen Anbieter zu übertragen, erhält Ihre Codes ebenfalls. Eine Authenticator-App ist sicherer; behalten Sie diese Nummer nach Möglichkeit als Reserve.',
  'account.action.copyKey': 'Schlüssel kopieren',
  'account.action.copyCodes': 'Codes kopieren',
  'account.action.print': 'Drucken',
  'account.notice.copied': 'Kopiert.',
  'account.action.openApp': 'In Authenticator-App öffnen',
  'account.backupCodes.fileHeaderSite': 'Backup-Codes für {account} bei {site}',
  'account.setup.resendReady': 'Nichts angekommen? Sie können jetzt einen neuen Code anfordern.',
  'account.profile.thisBrowser': 'Dieser Browser',
  'login.token.resendReady': 'Sie können jetzt einen neuen Code anfordern.',
  'login.otherMethods.pointer': 'Oder nutzen Sie einen der anderen Wege weiter unten.',
  // Step-up (issue 15): src/flows/step-up/messages.ts
  'stepUp.title': 'Bestätigen Sie, dass Sie es sind',
  'stepUp.intro': 'Diese Seite braucht eine neuere Bestätigung, dass Sie es sind. Gefragt wird nur, was noch fehlt.',
  'stepUp.missing.heading': 'Was gebraucht wird',
  'stepUp.missing.device': 'Ein Code von einem dieser Geräte: {devices}.',
  'stepUp.missing.deviceRecent': 'Ein Code von einem dieser Geräte, eingegeben in den letzten {duration}: {devices}.',
  'stepUp.missing.password': 'Ihr Passwort.',
  'stepUp.missing.passwordRecent': 'Ihr Passwort, eingegeben in den letzten {duration}.',
  'stepUp.minutes': { one: '{count} Minute', other: '{count} Minuten' },
  'stepUp.hours': { one: '{count} Stunde', other: '{count} Stunden' },
  'stepUp.resubmit': 'Was Sie gesendet haben, wurde nicht gespeichert. Sobald Sie bestätigt haben, dass Sie es sind, sind Sie zurück auf der Seite: Senden Sie das Formular dann erneut.',
  'stepUp.password': 'Diese Seite braucht Ihr Passwort erneut. Melden Sie sich ab und danach mit Ihrem Passwort wieder an.',
  'stepUp.action.signOut': 'Abmelden',
  'stepUp.noDevice': 'Keines Ihrer Geräte kann dies bestätigen, etwa weil ein Sicherheitsschlüssel nötig ist. Fügen Sie Ihrem Konto ein solches Gerät hinzu und kommen Sie dann zurück.',
  'stepUp.action.addDevice': 'Gerät hinzufügen',
  'stepUp.error.unknownRequirement': 'Dieser Bestätigungslink funktioniert nicht. Gehen Sie zurück zur vorigen Seite und versuchen Sie es erneut.',
  'stepUp.error.deviceNotOffered': 'Dieses Gerät kann dies nicht bestätigen. Wählen Sie eines der aufgeführten Geräte.',
};
