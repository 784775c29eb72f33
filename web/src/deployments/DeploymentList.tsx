/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const DeploymentList = (_props: { type: 'app' | 'model' }) => <PageHeader title="DeploymentList" />;
