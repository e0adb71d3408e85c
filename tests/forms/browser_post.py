"""What a browser would post for a page's form, read from the page's HTML: every field as it stands."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.actions: list[str | None] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._text = ""

    @property
    def _fields(self):
        return self.forms[-1]

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self.forms.append([])
            self.actions.append(a.get("action"))
        elif not self.forms or ("name" not in a and tag in ("input", "textarea", "select")):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._text = ""

    def handle_data(self, data):
        self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text  # HTML drops one
            self._fields.append((self._textarea, text.replace("\n", "\r\n")))  # browsers send CRLF
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected = self._option
            self._options.append((value if value is not None else self._text.strip(), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [
                value for value, _ in self._options[:1]
            ]
            self._fields.extend((self._select, value) for value in chosen)
            self._select = None


def posted_form(html: str, index: int = -1) -> dict[str, list[str]]:
    """The fields of the page's `index`th form (the last, the main one, by default) as a browser submits
    them unchanged: a dict of lists, ready for Django's test client."""
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.forms[index]:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return data


def form_action(html: str, page_url: str, index: int = -1) -> str:
    """Where a browser posts the page's `index`th form: its action, or the page itself when it has none."""
    reader = _FormReader()
    reader.feed(html)
    return reader.actions[index] or page_url
