/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const WorkloadProfileEditor = () => <PageHeader title="WorkloadProfileEditor" />;
