// What a target file imports by package name (`import { defineTarget } from 'logout-audit'`), wherever it
// lives: package.json "exports" points here. Types only besides defineTarget, so loading it starts nothing.
export { defineTarget, type TargetFile } from './define-target';
export type { LoginScript, LogoutScript, PageSignalSpec, TargetUser } from './target';
export type { AuditDriver } from '../drivers/driver';
