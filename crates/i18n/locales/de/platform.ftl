# Server limits and other platform-wide pages.
error-timeout-title = Zeitüberschreitung
error-timeout-text = Ihre Daten kamen nicht rechtzeitig vollständig an. Bitte senden Sie das Formular noch einmal.
