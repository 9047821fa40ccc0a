# Answering a survey once; answers from browsers that answered before
survey-note-answered-browser = This survey was already answered from this browser. Please answer only once, unless another person is using this device.
survey-answer-again = Answer as another person
survey-results-repeats = { $count ->
    [one] { $count } answer came from a browser that had answered this survey before.
   *[other] { $count } answers came from browsers that had answered this survey before.
}
survey-results-repeats-none = No answer came from a browser that had answered this survey before.
