"""The exercise widgets' look: one CSS block that follows JupyterLab's theme.

Every colour and size is a JupyterLab CSS variable (with a fallback for other
front ends), so the widgets read well in the light and the dark theme and scale
with JupyterLab's font size when projected. Meaning never rests on colour
alone: marks (✔ ✘ ⚠) and words carry it, colour only underlines it.

The block is scoped under `.mlc-exercise` and identical every time it is
emitted, so showing many exercises in one notebook changes nothing.
"""

from __future__ import annotations

import ipywidgets as widgets

ROOT_CLASS = "mlc-exercise"

CSS = """
.mlc-exercise {
  box-sizing: border-box;
  max-width: 62em;
  margin: 0.25em 0 0.5em 0;
  padding: 0.75em 1em 0.6em 1em;
  border: 1px solid var(--jp-border-color1, #9e9e9e);
  border-left: 4px solid var(--jp-brand-color1, #1976d2);
  border-radius: 4px;
  background: var(--jp-layout-color1, transparent);
  color: var(--jp-ui-font-color1, inherit);
  font-size: var(--jp-content-font-size1, 14px);
}
.mlc-exercise .widget-html-content,
.mlc-exercise .widget-html,
.mlc-exercise .widget-label {
  color: var(--jp-ui-font-color1, inherit);
  font-size: var(--jp-content-font-size1, 14px);
}
.mlc-exercise .widget-html-content {
  line-height: 1.45;
  white-space: normal;
}
.mlc-exercise .mlc-title {
  margin: 0;
  font-size: 1.25em;
  font-weight: 600;
  color: var(--jp-ui-font-color0, inherit);
}
.mlc-exercise .mlc-meta {
  margin: 0.15em 0 0 0;
  font-size: 0.9em;
  color: var(--jp-ui-font-color2, inherit);
}
.mlc-exercise .mlc-prompt p { margin: 0.35em 0; }
.mlc-exercise code {
  font-family: var(--jp-code-font-family, monospace);
  font-size: 0.92em;
  padding: 0 0.2em;
  border-radius: 3px;
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.15));
  color: var(--jp-ui-font-color1, inherit);
}
.mlc-exercise .widget-button {
  font-size: var(--jp-content-font-size1, 14px);
  height: auto;
  min-height: 2em;
}
.mlc-exercise .mlc-check-button {
  font-weight: 600;
}
.mlc-exercise .mlc-buttons {
  align-items: center;
  flex-wrap: wrap;
  gap: 0.25em;
  margin-top: 0.5em;
}
.mlc-exercise .mlc-attempts {
  margin-left: 0.75em;
  color: var(--jp-ui-font-color2, inherit);
}
.mlc-exercise .mlc-status .widget-html-content { color: var(--jp-ui-font-color1, inherit); }
.mlc-exercise .mlc-status-error {
  border-left: 3px solid var(--jp-error-color1, #d32f2f);
  padding-left: 0.5em;
}
.mlc-exercise .mlc-notice {
  margin: 0.35em 0;
  padding: 0.35em 0.6em;
  border-left: 3px solid var(--jp-warn-color1, #f57c00);
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.12));
  border-radius: 3px;
}
.mlc-exercise.mlc-as-saved.jupyter-widgets-disconnected::before,
.mlc-exercise.mlc-as-saved .jupyter-widgets-disconnected::before { content: none; display: none; }
.mlc-exercise .mlc-saved-view {
  margin: 0.35em 0;
  padding: 0.35em 0.6em;
  border-left: 3px solid var(--jp-brand-color1, #1976d2);
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.12));
  color: var(--jp-ui-font-color1, inherit);
  border-radius: 3px;
  font-weight: 600;
}
.mlc-exercise .mlc-hints {
  margin: 0.35em 0;
  padding: 0.35em 0.6em;
  border-left: 3px solid var(--jp-brand-color1, #1976d2);
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.12));
  border-radius: 3px;
}
.mlc-exercise .mlc-hints p { margin: 0.15em 0; }
.mlc-exercise .mlc-fb {
  margin: 0.4em 0 0.2em 0;
  padding: 0.45em 0.7em;
  border: 1px solid var(--jp-border-color2, #bdbdbd);
  border-left-width: 4px;
  border-radius: 3px;
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.10));
}
.mlc-exercise .mlc-fb-correct { border-left-color: var(--jp-success-color1, #388e3c); }
.mlc-exercise .mlc-fb-partial { border-left-color: var(--jp-warn-color1, #f57c00); }
.mlc-exercise .mlc-fb-incorrect { border-left-color: var(--jp-error-color1, #d32f2f); }
.mlc-exercise .mlc-fb-summary { margin: 0.1em 0 0.3em 0; font-weight: 600; }
.mlc-exercise .mlc-parts { margin: 0.2em 0; padding-left: 0; list-style: none; }
.mlc-exercise .mlc-parts li { margin: 0.3em 0; padding-left: 1.6em; text-indent: -1.6em; }
.mlc-exercise .mlc-parts li > * { text-indent: 0; }
.mlc-exercise .mlc-mark { display: inline-block; width: 1.6em; text-indent: 0; text-align: center; font-weight: 700; }
.mlc-exercise .mlc-ok .mlc-mark { color: var(--jp-success-color1, #388e3c); }
.mlc-exercise .mlc-bad .mlc-mark { color: var(--jp-error-color1, #d32f2f); }
.mlc-exercise .mlc-warn .mlc-mark { color: var(--jp-warn-color1, #f57c00); }
.mlc-exercise .mlc-pts { color: var(--jp-ui-font-color2, inherit); font-size: 0.92em; }
.mlc-exercise .mlc-expl {
  margin: 0.2em 0 0.1em 0;
  color: var(--jp-ui-font-color1, inherit);
  font-style: italic;
}
.mlc-exercise .mlc-misc { font-style: italic; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-stale { margin: 0.3em 0 0 0; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-reminder .widget-html-content {
  font-size: 0.85em;
  color: var(--jp-ui-font-color2, inherit);
}
.mlc-exercise .mlc-sr {
  position: absolute !important;
  width: 1px; height: 1px;
  margin: -1px; padding: 0; border: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
.mlc-exercise .mlc-srlabel > .widget-label {
  position: absolute !important;
  width: 1px !important; min-width: 1px !important; height: 1px;
  margin: -1px; padding: 0; border: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
}
.mlc-exercise .mlc-choices .widget-checkbox {
  width: auto;
  height: auto;  /* a long option wraps onto several lines instead of overlapping the next */
  min-height: var(--jp-widgets-inline-height, 28px);
  align-items: flex-start;
  padding: 0.15em 0;
}
.mlc-exercise .mlc-choices .widget-checkbox input { margin-top: 0.35em; flex: none; }
.mlc-exercise .mlc-choices .widget-checkbox label { height: auto; }
.mlc-exercise .mlc-choices .widget-checkbox label,
.mlc-exercise .widget-radio-box label {
  font-size: var(--jp-content-font-size1, 14px);
  color: var(--jp-ui-font-color1, inherit);
  line-height: 1.4;
  white-space: normal;
}
.mlc-exercise .widget-radio-box label { margin: 0.15em 0; height: auto; }
.mlc-exercise .widget-radio,
.mlc-exercise .widget-radio-box { width: auto; height: auto; }
.mlc-exercise .widget-radio > .widget-label,
.mlc-exercise .mlc-labelled > .widget-label {
  font-weight: 600;
}
.mlc-exercise .mlc-part-heading { margin: 0.5em 0 0.2em 0; font-weight: 600; }
.mlc-exercise .mlc-grid { align-items: center; margin: 0.3em 0; overflow-x: auto; }
.mlc-exercise .mlc-grid .widget-dropdown { width: auto; min-width: 4.5em; margin: 1px 2px; }
.mlc-exercise .mlc-grid .widget-dropdown > select,
.mlc-exercise .mlc-match .widget-dropdown > select {
  font-size: var(--jp-content-font-size1, 14px);
  color: var(--jp-ui-font-color1, inherit);
  background-color: var(--jp-layout-color1, transparent);
  border-color: var(--jp-border-color1, #9e9e9e);
}
.mlc-exercise .mlc-colhead {
  font-weight: 600;
  text-align: center;
  line-height: 1.2;
  padding: 0 0.2em 0.2em 0.2em;
  border-bottom: 1px solid var(--jp-border-color2, #bdbdbd);
}
.mlc-exercise .mlc-colhead-row { text-align: left; }
.mlc-exercise .mlc-rowhead { padding-right: 0.5em; line-height: 1.25; }
.mlc-exercise .mlc-given {
  display: block;
  text-align: center;
  padding: 0.2em 0;
  border: 1px dashed var(--jp-border-color1, #9e9e9e);
  border-radius: 3px;
  color: var(--jp-ui-font-color1, inherit);
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.12));
}
.mlc-exercise .mlc-given-tag { font-size: 0.8em; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-rowwarn { font-size: 0.9em; line-height: 1.2; padding-left: 0.3em; }
.mlc-exercise .mlc-legend .widget-html-content { font-size: 0.88em; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-facts { border-collapse: collapse; margin: 0.3em 0 0.5em 0; }
.mlc-exercise .mlc-facts th,
.mlc-exercise .mlc-facts td {
  text-align: left;
  vertical-align: top;
  padding: 0.2em 0.8em 0.2em 0;
  border-bottom: 1px solid var(--jp-border-color2, #bdbdbd);
  color: var(--jp-ui-font-color1, inherit);
}
.mlc-exercise .mlc-facts th { font-weight: 600; }
.mlc-exercise .mlc-match { align-items: center; margin: 0.3em 0; }
.mlc-exercise .mlc-match .widget-dropdown { width: auto; min-width: 12em; }
.mlc-exercise .mlc-value-row { align-items: center; }
.mlc-exercise .mlc-value-row .widget-text { width: auto; }
.mlc-exercise .mlc-value-row .widget-label { min-width: 12em; }
.mlc-exercise .widget-text input,
.mlc-exercise .widget-textarea textarea {
  font-size: var(--jp-content-font-size1, 14px);
  color: var(--jp-ui-font-color1, inherit);
  background-color: var(--jp-layout-color1, transparent);
}
.mlc-exercise .mlc-field-state .widget-html-content { font-size: 0.88em; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-code-hint {
  margin: 0.4em 0;
  padding: 0.35em 0.6em;
  border: 1px dashed var(--jp-border-color1, #9e9e9e);
  border-radius: 3px;
}
.mlc-exercise .mlc-textarea { width: 100%; }
.mlc-exercise .mlc-textarea textarea { min-height: 8em; line-height: 1.45; }
.mlc-exercise .mlc-wordcount .widget-html-content { font-size: 0.9em; color: var(--jp-ui-font-color2, inherit); }
.mlc-exercise .mlc-progress-table { border-collapse: collapse; margin: 0.3em 0; width: 100%; }
.mlc-exercise .mlc-progress-table th,
.mlc-exercise .mlc-progress-table td {
  text-align: left;
  padding: 0.3em 0.8em 0.3em 0;
  border-bottom: 1px solid var(--jp-border-color2, #bdbdbd);
  color: var(--jp-ui-font-color1, inherit);
  white-space: nowrap;
}
.mlc-exercise .mlc-progress-table td.mlc-nb-title { white-space: normal; }
.mlc-exercise .mlc-progress-table tr.mlc-total td { font-weight: 600; border-bottom: none; }
.mlc-exercise .mlc-bar {
  display: inline-block;
  vertical-align: middle;
  width: 8em;
  height: 0.8em;
  margin-right: 0.5em;
  border: 1px solid var(--jp-border-color1, #9e9e9e);
  border-radius: 3px;
  background: var(--jp-layout-color2, rgba(127, 127, 127, 0.15));
  overflow: hidden;
}
.mlc-exercise .mlc-bar-fill { height: 100%; background: var(--jp-brand-color1, #1976d2); }
"""


def style_widget() -> widgets.HTML:
    """The `<style>` block as a widget; it takes no space (a style element renders nothing)."""
    style = widgets.HTML(value=f"<style>{CSS}</style>", layout=widgets.Layout(margin="0", height="0px"))
    style.add_class("mlc-style")
    return style
