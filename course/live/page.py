"""The live view's HTML: one page for the projector, and the fragment it refreshes.

Rendered with Jinja2 and autoescaping on, so nothing from a notebook (a learner
id, a damaged file's name) can become markup. The page is built for a projector:
large type, high contrast in light and dark (prefers-color-scheme), bars in the
Okabe-Ito blue that stays distinguishable under colour blindness, and every bar
carries its count in text, so colour is never the only cue. The page's only
script (served as a file, `live.js`) swaps in the fresh fragment every few
seconds; without scripts the page reloads itself.
"""

from __future__ import annotations

import time

from jinja2 import Environment

from course.live.tally import CURRENT, FIRST_CHECKED, Snapshot

CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
    "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

STYLE = """
:root { color-scheme: light dark; --fg: #111111; --bg: #ffffff; --muted: #4a4a4a; --track: #e6e6e6;
        --bar: #0072B2; --accent: #D55E00; --line: #bbbbbb; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f2f2f2; --bg: #111418; --muted: #c2c2c2; --track: #2c3138; --bar: #56B4E9;
          --accent: #E69F00; --line: #555b63; }
}
html { font-size: 22px; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
       margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem 3rem; line-height: 1.35; }
h1 { font-size: 1.9rem; margin: 0.5rem 0; }
h2 { font-size: 1.45rem; margin: 0 0 0.4rem; }
.status, .basis, .names, .problems { color: var(--muted); }
.status { font-size: 1rem; }
section.exercise { border-top: 2px solid var(--line); padding: 1rem 0 0.6rem; }
.counts { font-size: 1.25rem; margin: 0 0 0.5rem; }
.counts strong { font-size: 1.6rem; }
.bars { list-style: none; padding: 0; margin: 0.4rem 0; }
.bars li { display: grid; grid-template-columns: minmax(12rem, 2fr) 3fr 4ch; gap: 0.6rem; align-items: center;
           margin: 0.35rem 0; }
.label { font-size: 1.05rem; }
.track { background: var(--track); height: 1.5rem; border-radius: 0.2rem; overflow: hidden; }
.fill { background: var(--bar); height: 100%; }
.count { font-size: 1.4rem; font-weight: 700; text-align: right; font-variant-numeric: tabular-nums; }
.names { grid-column: 1 / -1; font-size: 0.9rem; margin-top: -0.2rem; }
.misconception { border-left: 0.4rem solid var(--accent); padding: 0.3rem 0.7rem; margin: 0.6rem 0 0;
                 font-size: 1.15rem; }
.basis { font-size: 0.95rem; }
.cases { font-size: 1rem; color: var(--muted); margin: 0.2rem 0 0; padding-left: 1.2rem; }
.problems { font-size: 0.9rem; }
"""

BASIS_TEXT = {
    FIRST_CHECKED: "Counted: each learner's first checked answer.",
    CURRENT: "Counted: each learner's current answer (these records do not keep a first checked answer).",
    "mixed": "Counted: the first checked answer where the record keeps one, else the current answer.",
}
KIND_TEXT = {
    "option": "answer chosen",
    "ticked": "options ticked (each learner may tick several)",
    "outcome": "how the answers score",
    "assessed": "assessed: how the class answered is shown after the deadline",
}

FRAGMENT = """\
<p class="status" id="status" data-taken="{{ taken }}">{{ snapshot.learners }} learner{{ '' if snapshot.learners == 1 else 's' }}
 · {{ snapshot.files }} notebook{{ '' if snapshot.files == 1 else 's' }} · read at {{ clock }}
 in {{ '%.2f' % snapshot.read_seconds }} s{% if snapshot.solutions_left_out %}
 · {{ snapshot.solutions_left_out }} solution notebook{{ '' if snapshot.solutions_left_out == 1 else 's' }} left out{% endif %}{% if error %} · <strong>{{ error }}</strong>{% endif %}</p>
{% if not snapshot.exercises %}
<p class="counts">No saved answers yet. Answers appear here once learners save their notebooks (Ctrl+S).</p>
{% endif %}
{% for ex in snapshot.exercises %}
<section class="exercise" id="ex-{{ ex.exercise_id }}" data-exercise="{{ ex.exercise_id }}">
  <h2>{{ ex.exercise_id }} · {{ ex.title }}</h2>
  <p class="counts"><strong class="answered">{{ ex.answered }}</strong> answered
   · <span class="checked">{{ ex.checked }}</span> checked</p>
  {% if ex.kind == "assessed" %}
  <p class="basis">{{ kinds[ex.kind] | capitalize }}.</p>
  {% elif ex.answered %}
  <ul class="bars" aria-label="{{ kinds[ex.kind] }}">
    {% for bar in ex.bars %}
    <li data-count="{{ bar.count }}">
      <span class="label">{{ bar.label }}</span>
      <span class="track" aria-hidden="true"><span class="fill" style="display:block;width:{{ (100 * bar.count / ex.answered) | round(1) }}%"></span></span>
      <span class="count">{{ bar.count }}</span>
      {% if bar.names %}<span class="names">{{ bar.names | join(', ') }}</span>{% endif %}
    </li>
    {% endfor %}
  </ul>
  <p class="basis">{{ kinds[ex.kind] | capitalize }}{% if ex.cases %}, each answer against the case it answered (learners have different cases, with different keys){% endif %}. {{ basis[ex.basis] }}</p>
  {% if ex.cases %}
  <ul class="cases">
    {% for case in ex.cases %}<li data-answered="{{ case.answered }}" data-right="{{ case.right }}">{{ case.name }}: {{ case.right }} right of {{ case.answered }}</li>{% endfor %}
  </ul>
  {% endif %}
  {% endif %}
  {% if ex.top_misconception %}
  <p class="misconception">Top misconception: <strong>{{ ex.top_misconception[0] }}</strong>
   ({{ ex.top_misconception[1] }} of {{ ex.answered }})</p>
  {% endif %}
</section>
{% endfor %}
{% if snapshot.problems %}
<details class="problems"><summary>{{ snapshot.problems | length }} file problem{{ '' if snapshot.problems | length == 1 else 's' }}</summary>
<ul>{% for problem in snapshot.problems[:50] %}<li>{{ problem }}</li>{% endfor %}</ul></details>
{% endif %}
"""

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ title }}</title>
<noscript><meta http-equiv="refresh" content="{{ interval }}"></noscript>
<style>{{ style | safe }}</style>
<script src="live.js" defer></script>
</head>
<body data-interval="{{ interval }}" data-token="{{ token }}">
<h1>{{ title }}</h1>
<main id="live">
{{ fragment | safe }}
</main>
</body>
</html>
"""

SCRIPT = """\
// Swap in the freshly rendered fragment every few seconds (the server escapes everything in it).
(function () {
  const seconds = Number(document.body.dataset.interval) || 5;
  const address = 'fragment?token=' + encodeURIComponent(document.body.dataset.token || '');
  async function refresh() {
    try {
      const response = await fetch(address, { cache: 'no-store' });
      if (response.ok) document.getElementById('live').innerHTML = await response.text();
    } catch (err) { /* the server is restarting: try again next time */ }
  }
  setInterval(refresh, seconds * 1000);
})();
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_FRAGMENT = _ENV.from_string(FRAGMENT)
_PAGE = _ENV.from_string(PAGE)


def render_fragment(snapshot: Snapshot, error: str = "") -> str:
    """The part of the page that changes: counts, bars and misconceptions per exercise."""
    return _FRAGMENT.render(
        snapshot=snapshot,
        taken=f"{snapshot.taken_at:.3f}",
        clock=time.strftime("%H:%M:%S", time.localtime(snapshot.taken_at)),
        kinds=KIND_TEXT,
        basis=BASIS_TEXT,
        error=error,
    )


def render_page(
    snapshot: Snapshot, *, interval: float, title: str = "Live answers", error: str = "", token: str = ""
) -> str:
    """The whole page, with the current fragment (escaped when it was rendered) inside; the token lets its
    script ask for the fragment."""
    return _PAGE.render(
        title=title,
        token=token,
        interval=max(1, round(interval)),
        style=STYLE,
        fragment=render_fragment(snapshot, error),
    )
