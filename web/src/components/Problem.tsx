// A refusal or error as the server gave it: its Dutch detail, and every problem of a refused file.
import type { ReactNode } from 'react';
import type { ApiProblem } from '../api.ts';

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

export function Loading({ what }: { what: string }) {
  return (
    <p className="utrecht-paragraph jr-loading" role="status">
      {what} worden opgehaald …
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="utrecht-alert utrecht-alert--info jr-alert">
      <p className="utrecht-paragraph">{children}</p>
    </div>
  );
}
