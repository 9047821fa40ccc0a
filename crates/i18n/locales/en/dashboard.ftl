# Dashboard, accountability, site colours, start-page texts and footer links.

## Site settings: colours, start page, footer links
site-settings-colors = Colours
site-settings-colors-hint = As a hex value such as #0b4f8a. Leave empty for the built-in colours. Every text colour needs a contrast of at least 4.5:1 with its background (WCAG 2.1 AA), and the primary and accent colours with the white page as well, since links use them.
site-settings-color-primary = Primary colour
site-settings-color-primary-hint = Header, buttons and links. Built in: #0b4f8a.
site-settings-color-primary-text = Text on the primary colour
site-settings-color-text-hint = Built in: #ffffff (white).
site-settings-color-accent = Accent colour
site-settings-color-accent-hint = Buttons and links under the mouse pointer. Built in: #083a66.
site-settings-color-accent-text = Text on the accent colour
site-settings-home = Start page
site-settings-home-heading = Start page heading
site-settings-home-heading-hint = Leave empty for the built-in heading. At most 120 characters.
site-settings-home-lead = Start page introduction
site-settings-home-lead-hint = One paragraph below the heading. Leave empty for the built-in text. At most 600 characters.
site-settings-links = Links in the footer
site-settings-portal-url = The city's e-government portal
site-settings-services-url = The city's online services
site-settings-link-hint = A full address starting with https://. Leave empty not to show the link.
error-color-invalid = This is not a colour: please give a hex value such as #0b4f8a.
error-color-contrast-text = Too little contrast: text on this colour needs at least 4.5:1. Choose a darker background or a better text colour.
error-color-contrast-page = Too light: links in this colour would have less than 4.5:1 contrast on the white page. Choose a darker colour.
error-site-link-invalid = Please give a full address starting with https://.
error-site-text-too-long = The text is too long.
footer-city-label = The city's services
footer-portal = E-government portal
footer-services = Online services
