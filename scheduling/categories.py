"""The standard breakdown element categories, numbered as the Universal Schedule
Standard does (100 onwards), with the usual breakdown-sheet colours."""

STANDARD_CATEGORIES: list[tuple[int, str, str]] = [
    (100, "Cast Members", "#EF5350"),
    (101, "Background Actors", "#66BB6A"),
    (102, "Stunts", "#FFA726"),
    (103, "Vehicles", "#EC407A"),
    (104, "Props", "#AB47BC"),
    (105, "Camera", "#8D6E63"),
    (106, "Special Effects", "#42A5F5"),
    (107, "Wardrobe", "#26C6DA"),
    (108, "Makeup/Hair", "#F48FB1"),
    (109, "Animals", "#9CCC65"),
    (110, "Animal Wrangler", "#D4E157"),
    (111, "Music", "#7E57C2"),
    (112, "Sound", "#5C6BC0"),
    (113, "Art Department", "#FFCA28"),
    (114, "Set Dressing", "#A1887F"),
    (115, "Greenery", "#43A047"),
    (116, "Security", "#78909C"),
    (117, "Special Equipment", "#FF7043"),
    (118, "Additional Labor", "#BDBDBD"),
    (119, "Visual Effects", "#29B6F6"),
    (120, "Mechanical Effects", "#8E24AA"),
    (121, "Miscellaneous", "#FFEE58"),
    (122, "Notes", "#E0E0E0"),
]
