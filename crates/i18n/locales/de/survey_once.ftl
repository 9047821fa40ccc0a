# Answering a survey once; answers from browsers that answered before
survey-note-answered-browser = Aus diesem Browser wurde diese Umfrage bereits beantwortet. Bitte antworten Sie nur einmal, es sei denn, eine andere Person benutzt dieses Gerät.
survey-answer-again = Als andere Person antworten
survey-results-repeats = { $count ->
    [one] { $count } Antwort kam aus einem Browser, der diese Umfrage schon einmal beantwortet hatte.
   *[other] { $count } Antworten kamen aus Browsern, die diese Umfrage schon einmal beantwortet hatten.
}
survey-results-repeats-none = Keine Antwort kam aus einem Browser, der diese Umfrage schon einmal beantwortet hatte.
