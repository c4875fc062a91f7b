"""site/cards.py: every body cell carries its column's header, in the page's language."""

from __future__ import annotations

from exchange_record.site.cards import label_cells


def test_each_cell_is_labelled_with_its_columns_header_escaped():
    html = ('<table>\n<thead>\n<tr>\n<th>Дата</th>\n<th style="text-align: left;">"Claimed" &amp; <em>by</em></th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td>13 June</td>\n<td style="text-align: left;">X</td>\n</tr>\n'
            '<tr>\n<td>14 June</td>\n<td>Y</td>\n</tr>\n</tbody>\n</table>')
    out = label_cells(html)
    assert out.startswith("<table>")  # no class: Material styles only `table:not([class])`
    assert out.count('<td data-label="Дата">') == 2
    assert out.count('<td data-label="&quot;Claimed&quot; &amp; by" style="text-align: left;">X') == 1
    assert '<td data-label="&quot;Claimed&quot; &amp; by">Y' in out


def test_a_table_without_header_and_other_html_stay_as_they_are():
    html = "<p>a</p><table>\n<tbody>\n<tr>\n<td>x</td>\n</tr>\n</tbody>\n</table><td>loose</td>"
    assert label_cells(html) == html


def test_a_row_longer_than_its_header_gets_empty_labels_not_an_error():
    html = "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert '<td data-label="A">1</td><td data-label="">2</td>' in label_cells(html)
