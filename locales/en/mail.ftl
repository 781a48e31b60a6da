## Mail: what every mail shares

mail-greeting = Hello,
mail-signature = The { $site } team
mail-unsubscribe = Unsubscribe
mail-unsubscribe-text = To stop receiving our messages: { $url }
