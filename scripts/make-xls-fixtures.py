#!/usr/bin/python3
"""Writes the Excel 97-2003 (.xls) fixtures under test/fixtures/xls and what xlrd reads from them.

Needs Debian's python3-xlwt and python3-xlrd (`apt-get install python3-xlwt python3-xlrd`); the tests
only read the committed files. Run from the repository root:

    /usr/bin/python3 scripts/make-xls-fixtures.py

For every fixture X.xls it also writes X.xlrd.json: each sheet's rows as xlrd sees them, cells as text
the way kbt prints them (whole numbers without ".0", dates as YYYY-MM-DD), so the TypeScript reader is
checked against an independent one.
"""
import datetime
import json
import os

import xlrd
import xlwt

OUT = os.path.join('test', 'fixtures', 'xls')


def save(book, name):
    path = os.path.join(OUT, name)
    book.save(path)
    return path


def faq_book():
    """Two sheets of Chinese FAQs: numbers, a formula, a date, Traditional Chinese, a multi-line cell."""
    book = xlwt.Workbook(encoding='utf-8')
    date_style = xlwt.easyxf(num_format_str='yyyy-mm-dd')
    first = book.add_sheet('常见问题')
    header = ['编号', '问题', '答案', '相似问法', '优先级', '更新日期']
    for c, h in enumerate(header):
        first.write(0, c, h)
    rows = [
        [1001, '笔记本保修多久', '整机保修两年，电池保修一年', '保修期多长\n整机保修几年', 5, datetime.date(2024, 3, 15)],
        [1002, '發票怎麼開', '下單時填寫抬頭，發貨後開具電子發票', '可以開發票嗎｜發票抬頭怎麼填', -3, datetime.date(2023, 12, 31)],
        [1003, '支持七天无理由退货吗', '支持，商品完好、配件齐全即可', '能退货吗', 2.5, None],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                first.write(r, c, value, date_style)
            else:
                first.write(r, c, value)
    # A formula: xlwt stores no cached result (0), Excel recomputes it on open.
    first.write(4, 0, 1004)
    first.write(4, 1, '运费怎么算')
    first.write(4, 2, '满99包邮')
    first.write(4, 4, xlwt.Formula('2+3'))
    first.write(5, 1, True)
    first.write(5, 2, 0.1)
    second = book.add_sheet('售后')
    second.write(0, 0, '问题')
    second.write(0, 1, '回复')
    second.write(2, 0, '怎么申请售后')
    second.write(2, 1, '订单页点"申请售后"，上传照片')
    return book


def long_book():
    """300 FAQ rows of distinct Chinese text: the shared-string table spans several CONTINUE records."""
    book = xlwt.Workbook(encoding='utf-8')
    sheet = book.add_sheet('问答')
    sheet.write(0, 0, '问题')
    sheet.write(0, 1, '答案')
    for i in range(1, 301):
        sheet.write(i, 0, '第%d款笔记本的屏幕保修多久，坏点怎么处理' % i)
        sheet.write(i, 1, '第%d款：屏幕保修一年，三个以上坏点免费换新；請保留包裝與發票。' % i)
    # One long string that must itself be split across a record boundary.
    sheet.write(301, 0, '超长问题')
    sheet.write(301, 1, ''.join('很长的答案第%d句。' % k for k in range(900)))
    return book


def empty_book():
    book = xlwt.Workbook(encoding='utf-8')
    book.add_sheet('Sheet1')
    return book


def write_xlsm(name):
    """A minimal macro-enabled workbook (.xlsm): OOXML with the macro-enabled content type and a VBA part."""
    import zipfile
    rows = [['问题', '答案'], ['能开发票吗', '可以，下单时填写抬头'], ['几天发货', '48小时内发货']]
    def cell(r, c, text):
        return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % ('AB'[c], r + 1, text)
    sheet_rows = ''.join('<row r="%d">%s</row>' % (r + 1, ''.join(cell(r, c, t) for c, t in enumerate(row))) for r, row in enumerate(rows))
    parts = {
        '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="问答" sheetId="1" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
        'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % sheet_rows,
    }
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for part, text in parts.items():
            z.writestr(zipfile.ZipInfo(part, (2024, 1, 1, 0, 0, 0)), text.encode('utf-8'))
        # Not a real VBA project: kbt never runs or reads macros, it only has to open the workbook around them.
        z.writestr(zipfile.ZipInfo('xl/vbaProject.bin', (2024, 1, 1, 0, 0, 0)), bytes(512))


def cell_text(book, cell):
    if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
        return ''
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return 'true' if cell.value else 'false'
    if cell.ctype == xlrd.XL_CELL_DATE:
        d = xlrd.xldate_as_datetime(cell.value, book.datemode)
        return d.strftime('%Y-%m-%d') if d.time() == datetime.time(0) else d.strftime('%Y-%m-%d %H:%M:%S')
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        v = cell.value
        return str(int(v)) if v == int(v) else repr(v)
    return str(cell.value)


def dump(path):
    book = xlrd.open_workbook(path, formatting_info=True)
    sheets = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            cells = [cell_text(book, sheet.cell(r, c)) for c in range(sheet.ncols)]
            if any(cells):
                rows.append({'line': r + 1, 'cells': cells})
        sheets.append({'name': sheet.name, 'rows': rows})
    with open(path[:-4] + '.xlrd.json', 'w', encoding='utf-8') as f:
        json.dump(sheets, f, ensure_ascii=False, indent=1)
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in [('faq.xls', faq_book), ('long-sst.xls', long_book), ('empty.xls', empty_book)]:
        dump(save(build(), name))
    write_xlsm('faq.xlsm')


if __name__ == '__main__':
    main()
