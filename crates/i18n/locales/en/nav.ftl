## Header navigation: the menu button on phones and the staff's entries
nav-menu = Menu
nav-processes = Participation
nav-work = Workspace
nav-all-processes = All processes
nav-department-processes = My department's processes
nav-drafts = Drafts
nav-new-process = New process
nav-surveys = Surveys
nav-new-document = Publish a document
nav-users = Users

## The staff's list of surveys
staff-surveys-title = Surveys
staff-surveys-lead-department = Surveys of the processes of { $department }
staff-surveys-lead-all = Surveys of all processes
staff-surveys-none = No surveys yet. You create a survey on a process's page.
staff-surveys-process = Process
staff-surveys-survey = Survey
staff-surveys-status = Status
staff-surveys-responses = Responses
staff-surveys-actions = Actions
staff-surveys-edit = Edit
staff-surveys-results = Results
staff-surveys-caption = Surveys, by process
