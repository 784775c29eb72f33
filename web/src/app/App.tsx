/**
 * The routes: a URL for every page, each page loaded when first visited — except the bundle list,
 * the page a sign-in lands on, which comes with the shell (one round trip less on first load).
 * Without a token every page is the sign-in page.
 */
import { lazy, Suspense, useSyncExternalStore, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { session } from '../api/session';
import { BundleList } from '../bundles/BundleList';
import { Loading } from '../components/states';
import { SignIn } from '../signin/SignIn';
import { lastNamespace } from './namespace';
import { Shell } from './Shell';

/** A page module's named export, loaded on first visit. */
const page = <P extends object = object>(load: () => Promise<object>, name: string) =>
  lazy(async () => ({ default: (await load())[name as keyof object] as ComponentType<P> }));

const BundleDetail = page(() => import('../bundles/BundleDetail'), 'BundleDetail');
const BundleWizard = page(() => import('../bundles/BundleWizard'), 'BundleWizard');
const WorkloadProfileList = page(
  () => import('../workloadProfiles/WorkloadProfileList'),
  'WorkloadProfileList',
);
const WorkloadProfileDetail = page(
  () => import('../workloadProfiles/WorkloadProfileDetail'),
  'WorkloadProfileDetail',
);
const WorkloadProfileEditor = page(
  () => import('../workloadProfiles/WorkloadProfileEditor'),
  'WorkloadProfileEditor',
);
const StudioCatalog = page(() => import('../studio/StudioCatalog'), 'StudioCatalog');
const StudioEntry = page(() => import('../studio/StudioEntry'), 'StudioEntry');
const PoolList = page(() => import('../pools/PoolList'), 'PoolList');
const PoolDetail = page(() => import('../pools/PoolDetail'), 'PoolDetail');
const PoolCreate = page(() => import('../pools/PoolCreate'), 'PoolCreate');
const DeploymentList = page<{ type: 'app' | 'model' }>(
  () => import('../deployments/DeploymentList'),
  'DeploymentList',
);
const DeploymentDetail = page(() => import('../deployments/DeploymentDetail'), 'DeploymentDetail');
const DeployWizard = page<{ type: 'app' | 'model' }>(
  () => import('../deployments/DeployWizard'),
  'DeployWizard',
);
const ProjectSettings = page(() => import('../settings/ProjectSettings'), 'ProjectSettings');

export const App = () => {
  const token = useSyncExternalStore(session.subscribe, session.token);
  if (!token) return <SignIn />;
  return (
    <Shell>
      <Suspense fallback={<Loading what="the page" />}>
        <Routes>
          <Route
            path="/"
            element={<Navigate to={`/ns/${encodeURIComponent(lastNamespace())}/bundles`} replace />}
          />
          <Route path="/signin" element={<Navigate to="/" replace />} />
          <Route path="/ns/:ns">
            <Route index element={<Navigate to="bundles" replace />} />
            <Route path="bundles" element={<BundleList />} />
            <Route path="bundles/:name" element={<BundleDetail />} />
            <Route path="bundles-new" element={<BundleWizard />} />
            <Route path="workloadprofiles" element={<WorkloadProfileList />} />
            <Route path="workloadprofiles/:name" element={<WorkloadProfileDetail />} />
            <Route path="workloadprofiles-new" element={<WorkloadProfileEditor />} />
            <Route path="studio" element={<StudioCatalog />} />
            <Route path="studio/:name" element={<StudioEntry />} />
            <Route path="pools" element={<PoolList />} />
            <Route path="pools/:name" element={<PoolDetail />} />
            <Route path="pools-new" element={<PoolCreate />} />
            <Route path="apps" element={<DeploymentList type="app" />} />
            <Route path="models" element={<DeploymentList type="model" />} />
            <Route path="deployments/:name" element={<DeploymentDetail />} />
            <Route path="deploy-app" element={<DeployWizard type="app" />} />
            <Route path="deploy-model" element={<DeployWizard type="model" />} />
            <Route path="settings" element={<ProjectSettings />} />
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
};
