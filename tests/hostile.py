"""Hostile text: what people type into survey boxes and spreadsheets, and what attackers do.

Every payload that could run would leave a mark: it sets ``window.name`` to
:data:`MARK`, or adds an element with the id :data:`MARK`, or changes the
page's title to contain :data:`MARK`. The browser tests look for those marks;
the HTML tests look for the elements and attributes that would carry them.
"""

from __future__ import annotations

#: What a payload that ran leaves behind (window.name, an element id, the title).
MARK = "pwned"
_RUN = f"window.name='{MARK}';document.title='{MARK}'"
_ELEMENT = f"document.body.appendChild(document.createElement('ins')).id='{MARK}'"

#: Payloads that would run or load something if the page obeyed them.
ACTIVE = {
    "script": f"<script>{_RUN};{_ELEMENT}</script>",
    "script-upper": f"<SCRIPT>{_ELEMENT}</SCRIPT>",
    "img-onerror": f'<img src=x onerror="{_RUN}">',
    "svg-onload": f'<svg onload="{_ELEMENT}"><circle r="5"></circle></svg>',
    "svg-script": f"<svg><script>{_ELEMENT}</script></svg>",
    "body-onload": f'<body onload="{_RUN}">',
    "details-ontoggle": f'<details open ontoggle="{_ELEMENT}">x</details>',
    "markdown-js-link": f"[click me](javascript:{_RUN})",
    "markdown-js-link-spaced": "[click me](  JaVaScRiPt:alert(1))",
    "markdown-autolink-js": "<javascript:alert(1)>",
    "html-js-link": f'<a href="javascript:{_RUN}">click me</a>',
    "html-js-link-entities": '<a href="&#106;avascript:alert(1)">click me</a>',
    "vbscript-link": '<a href="vbscript:msgbox(1)">vb</a>',
    "data-html-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    "markdown-image": "![x](javascript:alert(1))",
    "iframe-srcdoc": f'<iframe srcdoc="<script>parent.{_ELEMENT}</script>"></iframe>',
    "iframe": '<iframe src="https://example.invalid/"></iframe>',
    "frameset": "<frameset><frame src='https://example.invalid/'></frameset>",
    "object-embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://example.invalid/"><input name=q><button>Go</button></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://example.invalid/">',
    "base": '<base href="https://example.invalid/">',
    "style": "<style>body { display: none !important; }</style>",
    "style-attribute": '<p style="background:url(https://example.invalid/x.png)">styled</p>',
    "link-stylesheet": '<link rel="stylesheet" href="https://example.invalid/x.css">',
    "comment-break-out": f"--><script>{_ELEMENT}</script><!--",
    "attribute-break-out": f"\"><script>{_ELEMENT}</script>'",
    "cdata": f"<![CDATA[<script>{_ELEMENT}</script>]]>",
    "math": f'<math><mtext><table><mglyph><style><img src=x onerror="{_ELEMENT}">',
}
#: Text that is harmless but must be printed exactly as written.
INERT = {
    "markdown-markers": "**bold** _under_ `code` # not a heading\n> not a quote\n- not a list",
    "mathtext": r"$x^2$ and $\frac{1}{2}$ cost $5 or $\undefinedcommand$",
    "entities": "&lt;script&gt; &amp; &copy; AT&T",
    "long-word": "Supercalifragilistic" * 15,
    "unicode": "Gwybodaeth — ‘dyfynodau’ “Cymraeg” ŵ ŷ 🙂 שלום right-to-left",
}
CORPUS = {**ACTIVE, **INERT}
#: Text the data contract refuses in every free text: bidirectional controls, which would
#: reverse the order of the text around them on a page (one of each, U+202A to U+202E and
#: U+2066 to U+2069), and in a comment the mark that build writes where it redacted.
BIDI = {
    f"bidi-{ord(c):04x}": f"Cyfanswm: 120{c} ymateb, 48%"
    for c in [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
}

#: A council whose every name is hostile (its code stays valid: codes are strict).
COUNCIL_NAME = f"Evilshire <script>{_ELEMENT}</script> $x^2$ County Council"
COUNCIL_NAME_CY = f'Cyngor Sir Drwg <img src=x onerror="{_RUN}">'
COUNCIL_SHORT_NAME = f'Evil<svg onload="{_ELEMENT}"> $\\frac{{1}}{{2}}$ **shire**'
