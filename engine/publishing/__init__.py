"""What the site publishes around its pages: its address, version and citation, each page's
link previews and map of moved anchors, and the flashcard deck."""
