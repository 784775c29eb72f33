/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const BundleDetail = () => <PageHeader title="BundleDetail" />;
