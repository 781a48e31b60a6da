# The help forum: its home, categories and topics.

forum-title = Help forum
forum-lead = Answers to your questions about Nextcloud, from people who use it in their association. Ask yours, even those that seem simple.
forum-categories = Categories
forum-latest = Latest topics
forum-crumbs = Breadcrumb
forum-pages = Pages
forum-page-n = Page { $n }
forum-title-page = { $title } (page { $n })
forum-no-topic = No topic yet.
forum-topics = { $n ->
    [one] { $n } topic
   *[other] { $n } topics
}
forum-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
forum-last-post = last post on
forum-team = The team
forum-gone = Former member
forum-mark-pinned = Pinned
forum-mark-solved = Solved
forum-mark-guide = Guide
forum-mark-locked = Closed
forum-question-by = Question by { $author }
forum-reply-by = Reply by { $author }
forum-solution-by = Solution, by { $author }
forum-solution = Accepted solution
forum-solution-in-place = see it among the replies
forum-edited = edited on { $when }
forum-page-previous = Previous page
forum-page-next = Next page
forum-search-title = Search the forum
forum-search-title-for = “{ $words }” in the forum
forum-search-words = Words to search for
forum-search-category = Category
forum-search-any-category = All categories
forum-search-solved = Solved topics only
forum-search-submit = Search
forum-search-results = Results
forum-search-hint = Type a few words of your question (the forum is in French): accents and plurals make no difference. Put a phrase in quotes to find it as it is, and a hyphen before a word to leave it out.
forum-search-none = No topic matches “{ $words }”. Try other words, or ask your question.
forum-search-page = Page { $n } of the results, closest first.
forum-search-in-solution = found in the accepted solution
