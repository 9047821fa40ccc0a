federation-post-answer = Official answer on the idea “{ $title }”
federation-post-phase = New phase: { $title }
federation-post-results = Results published: { $title }
federation-read-more = Read more
federation-actor-summary = Participation process on { $site }. Replies to its posts appear as comments in its discussion.
federation-origin = from the fediverse
federation-handle = Follow in the fediverse: { $handle }
federation-reply-known = This reply from the fediverse has arrived before.
