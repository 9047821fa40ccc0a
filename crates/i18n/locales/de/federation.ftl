federation-post-answer = Offizielle Antwort auf die Idee „{ $title }“
federation-post-phase = Neue Phase: { $title }
federation-post-results = Ergebnisse veröffentlicht: { $title }
federation-read-more = Mehr dazu
federation-actor-summary = Beteiligungsverfahren auf { $site }. Antworten auf Beiträge erscheinen als Kommentare in der Diskussion.
federation-origin = aus dem Fediverse
federation-handle = Im Fediverse folgen: { $handle }
federation-reply-known = Diese Antwort aus dem Fediverse ist schon angekommen.
