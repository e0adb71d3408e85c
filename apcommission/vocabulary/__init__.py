"""Vocabularies an LA extends: standard entries that everyone uses (no LA), plus entries an LA adds for
itself, which it retires but never deletes, since records name them (an entry approved for a category, a
visit's judgement on an area, a check of an evidence type).

A vocabulary is a model on `VocabularyEntry` (`models`), its queryset on `VocabularyQuerySet` with its own
one-line `visible_to`, and a settings page that calls `views.vocabulary_page` and shows the
`components/vocabulary.html` include; `services.add_entry` and `services.retire_entry` change any of them.
"""
