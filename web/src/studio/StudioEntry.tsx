/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const StudioEntry = () => <PageHeader title="StudioEntry" />;
