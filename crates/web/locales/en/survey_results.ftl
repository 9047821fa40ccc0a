# Survey results, exports and the published results page.
