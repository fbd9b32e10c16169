// The application: signed out → the sign-in page; a password to change first → that form; else the
// page of the address, within the layout. A page the role may not use is not offered (and the API
// would refuse it): its address says so instead.
import { lazy, Suspense, type ReactNode } from 'react';
import { useSession } from './session.tsx';
import { useLocation, Link } from './router.tsx';
import { Layout } from './components/Layout.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { AccountPage, PasswordForm } from './pages/Account.tsx';
import { HomePage } from './pages/Home.tsx';
import { ClientsPage } from './pages/Clients.tsx';
import { TimelinessPage } from './pages/Timeliness.tsx';
import { MoneyPage } from './pages/Money.tsx';
import { PageTitle } from './components/PageTitle.tsx';
import { Loading } from './components/Problem.tsx';
import { ROLE_OFFERS, type RoleOffer } from './roles.ts';
import type { Role } from './api.ts';

// The pages of a few (the region's administration, the dossiers) load when first opened.
const ProviderPage = lazy(() => import('./pages/Provider.tsx').then((m) => ({ default: m.ProviderPage })));
const ThemePage = lazy(() => import('./pages/Dossiers.tsx').then((m) => ({ default: m.ThemePage })));
const AreaPage = lazy(() => import('./pages/Dossiers.tsx').then((m) => ({ default: m.AreaPage })));
const RegionPage = lazy(() => import('./pages/Dossiers.tsx').then((m) => ({ default: m.RegionPage })));
const CouncilReportPage = lazy(() => import('./pages/CouncilReport.tsx').then((m) => ({ default: m.CouncilReportPage })));
const DecisionsPage = lazy(() => import('./pages/Decisions.tsx').then((m) => ({ default: m.DecisionsPage })));
const BudgetImportPage = lazy(() => import('./pages/BudgetImport.tsx').then((m) => ({ default: m.BudgetImportPage })));
const UtilisationPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.UtilisationPage })));
const ReportUploadPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.ReportUploadPage })));
const KeysPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.KeysPage })));
const OutlookPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.OutlookPage })));
const GoalsPage = lazy(() => import('./pages/Goals.tsx').then((m) => ({ default: m.GoalsPage })));
const QualityPage = lazy(() => import('./pages/Quality.tsx').then((m) => ({ default: m.QualityPage })));
const CoveragePage = lazy(() => import('./pages/Quality.tsx').then((m) => ({ default: m.CoveragePage })));
const NationalPage = lazy(() => import('./pages/Quality.tsx').then((m) => ({ default: m.NationalPage })));
const BijUploadPage = lazy(() => import('./pages/Quality.tsx').then((m) => ({ default: m.BijUploadPage })));
const TenderPage = lazy(() => import('./pages/Tender.tsx').then((m) => ({ default: m.TenderPage })));
const TenderScoringPage = lazy(() => import('./pages/Tender.tsx').then((m) => ({ default: m.TenderScoringPage })));
const TenderDistributionPage = lazy(() => import('./pages/Tender.tsx').then((m) => ({ default: m.TenderDistributionPage })));
const AuditPage = lazy(() => import('./pages/Admin.tsx').then((m) => ({ default: m.AuditPage })));
const AccountsPage = lazy(() => import('./pages/Admin.tsx').then((m) => ({ default: m.AccountsPage })));

interface Route {
  readonly page: () => ReactNode;
  readonly may?: (offer: RoleOffer, role: Role) => boolean;
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/': { page: () => <HomePage /> },
  '/geld': { page: () => <MoneyPage /> },
  '/uitnutting': { page: () => <UtilisationPage />, may: (o) => o.utilisation },
  '/rapportage': { page: () => <ReportUploadPage />, may: (o) => o.reportSubmit },
  '/verdeelsleutel': { page: () => <KeysPage />, may: (o) => o.keysPropose },
  '/meerjarenperspectief': { page: () => <OutlookPage /> },
  '/tijdigheid': { page: () => <TimelinessPage /> },
  '/clienten': { page: () => <ClientsPage /> },
  '/doelen': { page: () => <GoalsPage /> },
  '/kwaliteit': { page: () => <QualityPage />, may: (o) => o.quality },
  '/dekking': { page: () => <CoveragePage />, may: (o) => o.coverage },
  '/cbs-levering': { page: () => <BijUploadPage />, may: (o) => o.bijSubmit },
  '/landelijk': { page: () => <NationalPage /> },
  '/aanbieder': { page: () => <ProviderPage />, may: (_o, role) => role !== 'council' },
  '/thema': { page: () => <ThemePage /> },
  '/gebied': { page: () => <AreaPage />, may: (_o, role) => role !== 'council' },
  '/regio': { page: () => <RegionPage /> },
  '/raadsrapportage': { page: () => <CouncilReportPage />, may: (o) => o.councilReport },
  '/besluiten': { page: () => <DecisionsPage />, may: (o) => o.decisions },
  '/begroting-importeren': { page: () => <BudgetImportPage />, may: (o) => o.decisions },
  '/aanbesteding': { page: () => <TenderPage />, may: (o) => o.tender || o.tenderOwn },
  '/aanbesteding/beoordelen': { page: () => <TenderScoringPage />, may: (o) => o.tender },
  '/aanbesteding/verdeling': { page: () => <TenderDistributionPage />, may: (o) => o.tender },
  '/audit': { page: () => <AuditPage />, may: (o) => o.administration },
  '/accounts': { page: () => <AccountsPage />, may: (o) => o.administration },
  '/account': { page: () => <AccountPage /> },
};

function NotHere({ known }: { known: boolean }) {
  return (
    <>
      <PageTitle title={known ? 'Niet voor uw rol' : 'Pagina niet gevonden'} />
      <p className="utrecht-paragraph">
        {known ? 'Deze pagina is er niet voor uw rol.' : 'Deze pagina bestaat niet.'}{' '}
        <Link className="utrecht-link" to="/">
          Naar het overzicht
        </Link>
      </p>
    </>
  );
}

export function App() {
  const { state } = useSession();
  const { path } = useLocation();
  if (state.kind === 'loading') {
    return (
      <main id="inhoud" className="jr-main jr-starting">
        <Loading what="De gegevens van uw sessie" />
      </main>
    );
  }
  if (state.kind === 'signed-out') return <SignIn notice={state.notice} />;
  if (state.me.mustChangePassword || state.region === null) {
    return (
      <Layout>
        <PageTitle title="Eerst een eigen wachtwoord" />
        <PasswordForm forced />
      </Layout>
    );
  }
  const route = ROUTES[path.length > 1 ? path.replace(/\/+$/, '') : path];
  const allowed = route !== undefined && (route.may?.(ROLE_OFFERS[state.me.role], state.me.role) ?? true);
  return (
    <Layout>
      <Suspense fallback={<Loading what="De pagina" />}>{allowed ? route.page() : <NotHere known={route !== undefined} />}</Suspense>
    </Layout>
  );
}
