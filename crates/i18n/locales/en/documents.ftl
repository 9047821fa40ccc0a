# Documents and publications: library, document pages, downloads, uploads.
nav-documents = Publications
search-kind-document = Document
documents-title = Publications
documents-intro = Guidelines, reports, minutes and results of the participation processes for download.
documents-attached = Documents
documents-on-answer = Documents on the answer
documents-filter-label = Filter publications
documents-search-label = Search term
documents-filter-type = Type
documents-filter-department = Department
documents-filter-year = Year
documents-filter-language = Language
documents-filter-all = All
documents-filter-submit = Show
documents-count = { $count ->
    [0] No documents found.
    [one] One document found.
   *[other] { $count } documents found.
}
documents-none = There are no documents for this selection.
document-type-report = Report
document-type-guideline = Guideline
document-type-minutes = Minutes
document-type-result = Result
document-type-other = Other
document-language-de = German
document-language-en = English
document-language-other = Other language
document-download = Download “{ $title }”
document-pages = { $count ->
    [one] 1 page
   *[other] { $count } pages
}
document-preview-alt = Preview of the first page of “{ $title }”
document-withdrawn-notice = This document has been withdrawn and can no longer be downloaded.
document-field-type = Type
document-field-date = Date
document-field-department = Department
document-field-language = Language
document-file = File
document-belongs-to = Belongs to
document-to-process = Participation process no. { $id }
document-to-idea = Answer to idea no. { $id }
document-versions = Versions
document-version = Version
document-version-date = Uploaded
document-version-download = Download
document-version-current = current
document-version-download-n = Download version { $n }
document-manage = Manage document
document-replace = Upload a new version
document-withdraw = Withdraw
document-new = Publish a document
document-submit = Publish
document-replace-title = New version of “{ $title }”
document-replace-intro = The new file becomes the current version. Earlier versions stay listed and downloadable.
document-replace-submit = Upload new version
document-attach-hint = Optional: what the document belongs to, e.g. “process:3” (process), “idea:12” (answer to an idea) or “survey:5” (survey results); several separated by commas.
document-file-hint = PDF, ODT, ODS, DOCX, XLSX, CSV, PNG, JPEG or WebP, at most { $mb } MB.
label-doc_type = Type of document
label-language = Language of the document
label-doc_date = Date of the document
label-attach = Belongs to
label-file = File
flash-document-saved = The document is published.
flash-document-replaced = The new version is published.
flash-document-saved-unread = The document is published. Its text and preview were not read, or only in part, because the file is too costly to read; the search finds it by its title and description.
flash-document-replaced-unread = The new version is published. Its text and preview were not read, or only in part, because the file is too costly to read; the search finds it by its title and description.
flash-document-withdrawn = The document has been withdrawn.
error-document-title-too-long = The title can be at most 200 characters long.
error-document-description-too-long = The description can be at most 5000 characters long.
error-document-attach-format = Please give attachments as “process:3”, “idea:12” or “survey:5”.
error-document-attach-too-many = A document can belong to at most 10 subjects.
error-document-attach-unknown = Your department has no process, idea or survey with this number.
error-document-department-not-yours = You can only publish documents of your own department.
error-document-file-required = Please choose a file.
error-document-too-many-files = Please upload one file at a time.
error-document-too-large = The file is larger than allowed.
error-document-upload-again = Please choose the file again.
error-document-not-pdf = This file is not a PDF, even though its name ends in .pdf.
error-document-type-mismatch = The file's content does not match the extension of its name.
error-document-type = This kind of file is not accepted. Allowed are PDF, ODT, ODS, DOCX, XLSX, CSV, PNG, JPEG and WebP.
error-document-unreadable = The file could not be read. Please try again.
