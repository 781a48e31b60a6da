## Error pages

errorpage-400-title = Bad request
errorpage-400-text = This address or form holds something we cannot read. Go back to the home page and try again.
errorpage-401-title = Please log in
errorpage-401-text = This page is for the site’s team. Log in to see it.
errorpage-403-title = Access denied
errorpage-403-text = You are not allowed to see this page or to do this. If you think this is a mistake, please write to us.
errorpage-404-title = Page not found
errorpage-404-text = This page does not exist, or no longer does. Check the address, or start again from the home page.
errorpage-405-title = Not possible here
errorpage-405-text = This page does not allow this action. Go back to the home page.
errorpage-413-title = Too large
errorpage-413-text = What you sent is larger than allowed. Shorten your text, then try again.
errorpage-429-title = Too many requests
errorpage-429-text = You made many requests in a short time. Wait a little, then try again.
errorpage-500-title = Something went wrong
errorpage-500-text = A problem on our side kept this page from showing. It has been recorded so that we can fix it; please try again in a few moments.
errorpage-503-title = Service temporarily unavailable
errorpage-503-text = The site is taking too long to answer, or it is under maintenance. Please try again in a few moments.
errorpage-code = Error code: { $status }
errorpage-request = Reference to give us if you write to us: { $id }
