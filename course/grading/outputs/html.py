"""The page shell's settings shared by feedback pages and the class report (templates/page.html.j2).

Every page forbids scripts outright (a Content-Security-Policy allowing only
inline styles and data: images) and the templates escape every value, so
nothing a learner typed can run in the teacher's browser.
"""

from __future__ import annotations

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; background: #ffffff; line-height: 1.45; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbbbbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num, th.num { text-align: right; }
.correct { color: #006b4f; } .partial { color: #8a5a00; } .incorrect, .rejected { color: #a23b00; }
.unanswered, .collected { color: #4d4d4d; }
.note { color: #4d4d4d; font-size: 0.9rem; }
pre.answer { white-space: pre-wrap; word-break: break-word; background: #f4f4f4; padding: 0.4rem; margin: 0; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
blockquote { border-left: 4px solid #56B4E9; margin: 0.5rem 0; padding: 0.2rem 0.8rem; background: #f7fbfe; }
"""
