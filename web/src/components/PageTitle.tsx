// The page's heading and the document title (what a browser tab and a screen reader announce).
import { useEffect } from 'react';

export function PageTitle({ title, kicker }: { title: string; kicker?: string }) {
  useEffect(() => {
    document.title = `${title} — Jeugdregie`;
  }, [title]);
  return (
    <hgroup className="jr-title">
      {kicker ? <p className="jr-title__kicker">{kicker}</p> : null}
      <h1 className="utrecht-heading-1">{title}</h1>
    </hgroup>
  );
}
