# Documents and the publications library.
