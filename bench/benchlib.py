"""Helpers for the report steps of bench/*.sh: read what `measure` (common.sh) left in the work folder."""
import json
import os
import re


def load(work, name):
    """The JSON result a measurement printed in WORK/NAME.json (the whole file, else its last line), or {}."""
    try:
        with open(os.path.join(work, name + ".json")) as f:
            text = f.read().strip()
    except OSError:
        return {}
    for candidate in (text, text.splitlines()[-1] if text else ""):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return {}


def foreign(work, name):
    """The foreign CPU quiet_run.py saw during a measurement, as '37%', or '?'."""
    try:
        m = re.search(r"\((\d+)% of one core\)", open(os.path.join(work, name + ".err")).read())
        return m.group(1) + "%" if m else "?"
    except OSError:
        return "?"
