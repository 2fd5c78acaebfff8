/** out/defect-matrix.json: which scenario caught which reference-portal defect, with which code, where. */
export interface Catch {
  scenario: string;
  browser: string;
  preset: string;
  persona: string;
  code: string;
}

export interface DefectRow {
  id: string;
  caught: boolean;
  caughtBy: Catch[];
  /** Expected catches that did not happen (each one also failed its spec). */
  missed: (Catch & { expected: true })[];
}

export interface DefectMatrix {
  generatedAt: string;
  defects: DefectRow[];
  clean: { runs: number; findings: (Catch & { message: string })[] };
}

/** The annotation a defect spec records for each expectation it checked. */
export interface DefectExpectation extends Catch {
  defect: string;
  caught: boolean;
}

export const DEFECT_ANNOTATION = 'defect-expectation';
