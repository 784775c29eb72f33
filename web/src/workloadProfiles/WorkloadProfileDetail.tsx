/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const WorkloadProfileDetail = () => <PageHeader title="WorkloadProfileDetail" />;
