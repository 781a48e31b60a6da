# The help forum: its home, categories and topics.

forum-title = Forum d’entraide
forum-lead = Des réponses à vos questions sur Nextcloud, par les personnes qui l’utilisent dans leur association. Posez les vôtres, même celles qui vous semblent simples.
forum-categories = Catégories
forum-latest = Derniers sujets
forum-crumbs = Fil d’Ariane
forum-pages = Pages
forum-page-n = Page { $n }
forum-title-page = { $title } (page { $n })
forum-no-topic = Aucun sujet pour le moment.
forum-topics = { $n ->
    [one] { $n } sujet
   *[other] { $n } sujets
}
forum-replies = { $n ->
    [one] { $n } réponse
   *[other] { $n } réponses
}
forum-last-post = dernier message le
forum-team = L’équipe
forum-gone = Ancien membre
forum-mark-pinned = Épinglé
forum-mark-solved = Résolu
forum-mark-guide = Guide
forum-mark-locked = Fermé
forum-question-by = Question de { $author }
forum-reply-by = Réponse de { $author }
forum-solution-by = Solution, par { $author }
forum-solution = Solution acceptée
forum-solution-in-place = la voir parmi les réponses
forum-edited = modifié le { $when }
forum-page-previous = Page précédente
forum-page-next = Page suivante
forum-search-title = Rechercher dans le forum
forum-search-title-for = « { $words } » dans le forum
forum-search-words = Mots à chercher
forum-search-category = Catégorie
forum-search-any-category = Toutes les catégories
forum-search-solved = Seulement les sujets résolus
forum-search-submit = Rechercher
forum-search-results = Résultats
forum-search-hint = Tapez quelques mots de votre question : les accents et les pluriels n’y changent rien. Mettez une expression entre guillemets pour la trouver telle quelle, et un tiret devant un mot pour l’écarter.
forum-search-none = Aucun sujet ne correspond à « { $words } ». Essayez d’autres mots, ou posez votre question.
forum-search-page = Page { $n } des résultats, les plus proches en premier.
forum-search-in-solution = trouvé dans la solution acceptée
