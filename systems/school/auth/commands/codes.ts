/** The seed's auth codes (UT:code/golang/auth.go). */
export const AUTH_CODES = {
  studentIdTaken: -101,
  parentUnknown: -102,
  seatTaken: -103,
  studentPhoneTaken: -104,
  teacherIdTaken: -201,
  teacherPhoneTaken: -202,
  homeroomTaken: -203,
  parentIdTaken: -301,
  parentPhoneTaken: -302,
  /**
   * A failed sign-in. The seed told an unknown id (-401, -411, -421, -431) from a wrong password (-402, …);
   * we answer both with the wrong-password code, so the answer does not say whether the id exists, and a
   * seed client still asks for the credentials again.
   */
  login: {
    student: { badCredentials: -402 },
    teacher: { badCredentials: -412, notCertified: -413 },
    parent: { badCredentials: -422 },
    admin: { badCredentials: -432 },
  },
  noStudents: -501,
  noTeachers: -511,
  noParents: -521,
  studentUnknown: -601,
  wrongCurrentPassword: { student: -701, teacher: -801, parent: -901, admin: 0 },
} as const;
