// The council report: the half-year report of a municipality for its council (PDF or HTML), as a
// download from GET /api/reports/council. The region chooses the municipality; a municipality's
// officer and a council member get their own.
import { useState } from 'react';
import { usePageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { SelectField } from '../components/Fields.tsx';
import { Notice } from '../components/Problem.tsx';
import { councilReportLinks, reportableHalves } from '../council-report-link.ts';
import { useSigned } from '../session.tsx';

export function CouncilReportPage() {
  const ctx = usePageContext();
  const { firstYear } = useSigned();
  const own = ctx.me.municipality;
  const [chosen, setChosen] = useState(own ?? ctx.region.municipalities[0]?.code ?? '');
  const municipality = own ?? chosen;
  const halves = reportableHalves(firstYear, ctx.dataUpTo);
  return (
    <>
      <PageTitle title="Raadsrapportage" />
      <p className="utrecht-paragraph jr-lead">
        Het halfjaarverslag voor de gemeenteraad: geld, bereik en stromen, wachttijden en tijdigheid van de gemeente naast de rest van de regio, met grafieken en een toelichting bij elk cijfer. De cijfers zijn zoals een raadslid ze ziet: wat niet getoond mag worden, is afgeschermd.
      </p>
      {own ? null : (
        <form className="jr-form" onSubmit={(e) => e.preventDefault()}>
          <SelectField id="raad-gemeente" label="Gemeente" value={chosen} onChange={setChosen}>
            {ctx.region.municipalities.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </SelectField>
        </form>
      )}
      {halves.length === 0 ? (
        <Notice>Er is nog geen afgesloten halfjaar: een halfjaar is te rapporteren zodra de gegevens de laatste werkdag ervan dekken.</Notice>
      ) : (
        <section className="jr-section" aria-labelledby="raad-kop">
          <h2 className="utrecht-heading-2" id="raad-kop">
            Rapportages van {ctx.names.municipality(municipality)}
          </h2>
          <ul className="utrecht-unordered-list">
            {halves.map((h) => (
              <li className="utrecht-unordered-list__item" key={h}>
                {councilReportLinks(municipality, h).map((l, i) => (
                  <span key={l.href}>
                    {i > 0 ? ' · ' : ''}
                    <a className="utrecht-link" href={l.href} download={l.fileName}>
                      {l.label}
                    </a>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
