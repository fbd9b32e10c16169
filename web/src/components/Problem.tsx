// A refusal or error as the server gave it: its Dutch detail, and every problem of a refused file.
import type { ReactNode } from 'react';
import type { ApiProblem } from '../api.ts';
import { useSlow } from '../use-api.ts';

export function ProblemAlert({ problem, heading }: { problem: ApiProblem; heading?: string }) {
  const throttled = problem.status === 429;
  return (
    <div className="utrecht-alert utrecht-alert--error jr-alert" role="alert">
      <p className="utrecht-paragraph">
        <strong>{heading ?? (throttled ? 'Te veel pogingen' : problem.title)}:</strong> {problem.detail}
        {throttled && problem.retryAfter ? ` Probeer het over ${problem.retryAfter} seconden opnieuw.` : ''}
      </p>
      {problem.problems.length > 0 ? (
        <ul className="utrecht-unordered-list">
          {problem.problems.slice(0, 200).map((p, i) => (
            <li className="utrecht-unordered-list__item" key={i}>
              {p.detail}
            </li>
          ))}
          {problem.problems.length > 200 ? <li className="utrecht-unordered-list__item">… en nog {problem.problems.length - 200} problemen</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** Why figures can take a while: said when a request has been under way for a few seconds. */
export const SLOW_NOTE =
  'Dit duurt even: na nieuwe gegevens worden de cijfers eerst berekend en worden kleine aantallen afgeschermd. De eerste keer kan dat ongeveer een minuut duren; de pagina vult zich vanzelf.';

export function Loading({ what }: { what: string }) {
  const slow = useSlow(true);
  return (
    <p className="utrecht-paragraph jr-loading" role="status">
      {what} worden opgehaald …{slow ? ` ${SLOW_NOTE}` : ''}
    </p>
  );
}

/** The slow note on its own, for a page that shows placeholders rather than Loading. */
export function SlowNote({ pending }: { pending: boolean }) {
  const slow = useSlow(pending);
  return slow ? (
    <p className="utrecht-paragraph jr-loading" role="status">
      {SLOW_NOTE}
    </p>
  ) : null;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="utrecht-alert utrecht-alert--info jr-alert">
      <p className="utrecht-paragraph">{children}</p>
    </div>
  );
}
