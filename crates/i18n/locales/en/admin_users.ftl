# Administration: filtered, paged users; renaming and removing departments
admin-users-filter-label = Filter people
admin-users-role-filter = Role
admin-users-role-any = all roles
admin-users-none = Nobody matches this search.
admin-departments-rename-label = New name
admin-departments-rename = Rename
admin-departments-move-label = Before removing, move to
admin-departments-move-hint = This department's processes, ideas, staff and documents go to the chosen department. Without a choice, only a department that owns nothing can be removed.
admin-departments-move-none = move nothing
admin-departments-remove = Remove department
admin-departments-usage = This department still owns { $processes } processes, { $ideas } ideas, { $staff } staff members, { $documents } documents and { $records } answers or forwards.
error-department-in-use = This department cannot be removed because something still belongs to it. Choose a department to move everything to.
error-department-move-target = Choose another existing department.
flash-department-renamed = The department was renamed.
flash-department-removed = The department was removed.
