/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const BundleWizard = () => <PageHeader title="BundleWizard" />;
