/**
 * The statistics file is readable and writable by its owner only (issue 15): other accounts on
 * the machine have no business reading the records, even anonymous ones. The file is created with
 * mode 0600 before SQLite opens it, because SQLite creates the -wal and -shm files with the mode
 * of the database file; its folder, when this creates it, gets 0700.
 */
import { closeSync, constants, existsSync, fchmodSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_FOLDER = 0o700;
const GROUP_AND_OTHERS = 0o077;

/**
 * Creates the file (and its folder) owner-only, or takes the group's and others' permissions
 * away from one an older version created. A file that belongs to another account is left as it
 * is: its owner arranged that sharing on purpose, and only the owner could change it.
 */
export function prepareOwnerOnlyFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: OWNER_ONLY_FOLDER });
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (name !== file && !existsSync(name)) continue;
    // O_CREAT without O_TRUNC: an existing database is opened, never emptied.
    const fd = openSync(name, constants.O_RDWR | constants.O_CREAT, OWNER_ONLY_FILE);
    try {
      const { mode, uid } = fstatSync(fd);
      if ((mode & GROUP_AND_OTHERS) !== 0 && uid === process.getuid?.()) fchmodSync(fd, mode & 0o777 & ~GROUP_AND_OTHERS);
    } finally {
      closeSync(fd);
    }
  }
}
