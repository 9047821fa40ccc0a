# Surveys: builder, answering, results.
