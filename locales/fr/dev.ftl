## Courriels envoyés (développement)

devmail-title = Courriels envoyés
devmail-intro = En développement, les courriels sont écrits dans des fichiers au lieu d’être envoyés. Les voici, du plus récent au plus ancien.
devmail-empty = Aucun courriel pour l’instant.
devmail-to = À :
devmail-date = Envoyé le :
