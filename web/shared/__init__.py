"""What the JSON API (``web.api``) and the pages (``web.pages``) share, so neither imports the other: the request
schemas (the gate), the searches' arguments, the mortgage filing form, the tax desk's work, certificate
downloads and starting a payment. Nothing here knows which door a request came through."""
