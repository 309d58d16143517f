"""Picture books: the story, one illustration per page and the cover art, laid out by a theme."""
