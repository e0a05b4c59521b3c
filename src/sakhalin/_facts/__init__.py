"""The facts table: one flattening of a battle into rows, shared by every tabular exporter, and its inverse.

The package is split by responsibility: :mod:`~sakhalin._facts.schema` (the columns and the
:class:`Fact` row), :mod:`~sakhalin._facts.flatten` (battle -> rows),
:mod:`~sakhalin._facts.cells` (reading a cell as its row's ``type`` says) and
:mod:`~sakhalin._facts.inverse` (rows -> battles).

The facts table is meant for people (one fact a row, each with its citation) and is
also *lossless*: :func:`battles_from_facts` turns the rows back into the very battles
they came from, so that CSV and XLSX files round-trip exactly.

How the rows encode the model
-----------------------------

Every row names, in ``path``, the place in the model it stands for, written as in
:func:`sakhalin.to_dict` data without the leading ``$.`` (``sides[1].strength[0]``).
A path names either

* a **text or number field** (``name``, ``sides[0].units[1]``, ``sources[2].year``): the
  field is the ``value`` cell;
* a **quantity** (``sides[1].strength[0]``, ``statements[3].quantity``,
  ``sides[1].casualties.items[0].quantity``): ``value`` is the figure (empty when there is
  none), ``value_end`` the high end of a range, ``unit`` the unit, ``qualifier`` the
  :class:`~sakhalin.Qualifier` and ``wording`` the words it was stated in;
* a **date** (``date``, ``war.date``, ``events[0].date``): ``value`` is the first day,
  ``value_end`` the last day when it differs from the first, ``qualifier`` the
  :class:`~sakhalin.Precision` and ``wording`` the words (a date known only by its words has
  only its wording; one before AD 1, such as "490 BC", has its first and last years, in
  astronomical numbering, as whole numbers in ``value`` and ``value_end``);
* **coordinates** (``coordinates``): ``value`` is the latitude and ``value_end`` the
  longitude, in decimal degrees written as text (``"39.811"``, ``"-77.225"``; empty when
  only the words are known), and ``wording`` the coordinates as stated;
* a **citation** (a path ending in ``citation`` or ``citations[n]``, and
  ``infobox_citation``): the citation's parts are in ``cite_source``, ``cite_infobox_row``,
  ``cite_section`` and ``cite_paragraph``, and its note in ``value``;
* a **name and value pair** (``extra[n]``, ``infobox_params[n]``, ``infobox_digests[n]``):
  the name is the ``attribute`` and the value the ``value``.

Three fields are read from the human columns of a row, because they are what the row is
about: a statement's ``subject`` and ``attribute`` come from the ``statements[n].text``
row, and a source's ``key`` is the ``subject`` of its ``sources[n].title`` row.

``type`` says what the ``value`` cell holds (``int``, ``date`` or ``text``; empty when the
cell is empty), so that formats without types (CSV) tell the text "1812" from the number
1812 and the empty text from no value; ``value_end`` holds a value of the same type.

The ``citation`` column is for people: every row shows, as one line of text, the
citation that applies to it (an object's own, or the infobox's citation for its row).
The inverse never reads it; citations come back from the citation rows alone.
"""

from sakhalin._facts.flatten import fact_rows, facts
from sakhalin._facts.inverse import (
    batches,
    battles_from_batches,
    battles_from_facts,
    battles_from_records,
    model_type,
    not_a_start,
    row_place,
    starts_battle,
)
from sakhalin._facts.schema import FACT_COLUMNS, Fact, FactRow, FactValue, Record, value_type

__all__ = [
    "FACT_COLUMNS",
    "Fact",
    "FactRow",
    "FactValue",
    "Record",
    "batches",
    "battles_from_batches",
    "battles_from_facts",
    "battles_from_records",
    "fact_rows",
    "facts",
    "model_type",
    "not_a_start",
    "row_place",
    "starts_battle",
    "value_type",
]
