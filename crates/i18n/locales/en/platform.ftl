# Server limits and other platform-wide pages.
error-timeout-title = Request timed out
error-timeout-text = Your data did not arrive completely in time. Please send the form again.
