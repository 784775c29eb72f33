/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const DeployWizard = (_props: { type: 'app' | 'model' }) => <PageHeader title="DeployWizard" />;
