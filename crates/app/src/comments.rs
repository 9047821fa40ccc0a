//! Comments: writing, replying, editing, deleting, reacting.
