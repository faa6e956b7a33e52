/**
 * The unsigned-student roster an admin uploads as Excel (spec §2.1 (b)): which column is which, and what a
 * valid row is. Pure: excel.ts turns the workbook into text cells, this decides.
 */

export interface RosterRow {
  grade: number;
  group: number;
  student_number: number;
  name: string;
  phone_number: string;
}

export interface SheetCells {
  name: string;
  rows: readonly (readonly string[])[];
}

export type RosterResult = { ok: true; students: RosterRow[] } | { ok: false; message: string };

const HEADERS = {
  number: ['학번', 'student_number'],
  name: ['성명', '이름', 'name'],
  phone: ['전화번호', 'phone_number', '전화'], // '전화 번호' too: spaces are squeezed out
} as const;

/** `1101` = grade 1, class 1, number 01; numbers run 01–21 (the seed's regex also let 00 through). */
const STUDENT_NUMBER = /^([1-3])([1-4])(0[1-9]|1[0-9]|2[01])$/;
const NAME = /^[가-힣]{2,4}$/;
/** The seed required the value wrapped in quotes (a formatting artefact); quotes are optional here. */
const PHONE = /^"?(\d{3})[-_.]?(\d{4})[-_.]?(\d{4})"?$/;

const squeeze = (cell: string) => cell.replace(/\s+/g, '');

/** Reads every sheet with more than two rows; the first error names its sheet and row. */
export function readRoster(sheets: readonly SheetCells[]): RosterResult {
  const students: RosterRow[] = [];
  for (const sheet of sheets) {
    if (sheet.rows.length <= 2) continue;
    const header = findHeader(sheet.rows);
    if (!header) {
      return {
        ok: false,
        message: `sheet "${sheet.name}" has no header row naming the columns 학번, 성명 and 전화번호 (or student_number, name, phone_number)`,
      };
    }
    for (let r = header.row + 1; r < sheet.rows.length; r++) {
      const cells = sheet.rows[r]!.map(squeeze);
      if (cells.every((c) => c === '')) continue;
      const where = `sheet "${sheet.name}" row ${r + 1}`;
      const number = STUDENT_NUMBER.exec(cells[header.number] ?? '');
      if (!number)
        return {
          ok: false,
          message: `${where}: student number "${cells[header.number] ?? ''}" is not like 1101 (grade 1–3, class 1–4, number 01–21)`,
        };
      const name = cells[header.name] ?? '';
      if (!NAME.test(name)) return { ok: false, message: `${where}: name "${name}" must be 2–4 Hangul characters` };
      const phone = PHONE.exec(cells[header.phone] ?? '');
      if (!phone)
        return {
          ok: false,
          message: `${where}: phone number "${cells[header.phone] ?? ''}" is not like 010-1234-5678`,
        };
      students.push({
        grade: Number(number[1]),
        group: Number(number[2]),
        student_number: Number(number[3]),
        name,
        phone_number: `${phone[1]}${phone[2]}${phone[3]}`,
      });
    }
  }
  return { ok: true, students };
}

function findHeader(rows: readonly (readonly string[])[]) {
  for (let row = 0; row < rows.length; row++) {
    const cells = rows[row]!.map((c) => squeeze(c).toLowerCase());
    const column = (names: readonly string[]) => cells.findIndex((c) => names.includes(c));
    const number = column(HEADERS.number);
    const name = column(HEADERS.name);
    const phone = column(HEADERS.phone);
    if (number >= 0 && name >= 0 && phone >= 0) return { row, number, name, phone };
  }
  return undefined;
}
